// The RocketMQ 5.x read operations of the Alibaba stand-in: routing by ROA path, paging with
// clamped page sizes, and data shaped like the SDK's response models.
import type { AlibabaSeed, SeedInstance } from "./alibaba.ts";
import { type ApiReply, serviceError, serviceOk } from "./alibaba-envelopes.ts";

export interface RoutedCall {
  action: string;
  instanceId?: string;
  /** Path parameter of GetInstanceAcl. */
  username?: string;
}

/** Maps a decoded ROA path to its operation; undefined for paths this API does not have. */
export function routeCall(segments: readonly string[]): RoutedCall | undefined {
  const [root, instanceId, ...rest] = segments;
  if (root !== "instances") return undefined;
  if (instanceId === undefined) return { action: "ListInstances" };
  const tail = rest.join("/");
  if (tail === "") return { action: "GetInstance", instanceId };
  if (tail === "accounts") return { action: "ListInstanceAccount", instanceId };
  if (tail === "account") return { action: "GetInstanceAccount", instanceId };
  if (tail === "acl") return { action: "ListInstanceAcl", instanceId };
  if (tail === "ip/whitelist") return { action: "ListInstanceIpWhitelist", instanceId };
  if (rest.length === 3 && rest[0] === "acl" && rest[1] === "account") {
    return { action: "GetInstanceAcl", instanceId, username: rest[2] };
  }
  return undefined;
}

type Query = Record<string, string>;

export function answerCall(
  seed: AlibabaSeed,
  call: RoutedCall,
  query: Query,
  requestId: string,
): ApiReply {
  if (call.action === "ListInstances") return listInstances(seed, query, requestId);
  const instance = seed.instances.find((i) => i.instanceId === call.instanceId);
  if (!instance)
    return serviceError(requestId, 404, "Instance.NotFound", "The instance cannot be found.");
  switch (call.action) {
    case "GetInstance":
      return serviceOk(requestId, instanceDetail(instance));
    case "ListInstanceAccount":
      return paged(seed, query, requestId, accountsOf(instance, query));
    case "GetInstanceAccount":
      return getAccount(instance, query, requestId);
    case "ListInstanceAcl":
      return paged(seed, query, requestId, aclsOf(instance, query));
    case "GetInstanceAcl":
      return getAcl(instance, call.username ?? "", query, requestId);
    default:
      return paged(seed, query, requestId, whitelistOf(instance, query));
  }
}

function listInstances(seed: AlibabaSeed, query: Query, requestId: string): ApiReply {
  for (const name of ["pageNumber", "pageSize"]) {
    if (query[name] === undefined) {
      const cap = name[0]?.toUpperCase() + name.slice(1);
      return serviceError(
        requestId,
        400,
        `Missing${cap}`,
        `Parameter ${name} is mandatory for this action .`,
        {
          code: cap,
          message: name,
        },
      );
    }
  }
  const list = seed.instances.map((i) => ({
    instanceId: i.instanceId,
    instanceName: i.instanceName ?? i.instanceId,
    regionId: i.regionId,
    status: "RUNNING",
    seriesCode: "standard",
    serviceCode: "rmq",
    paymentType: "PayAsYouGo",
    createTime: "2026-01-01 00:00:00",
  }));
  return paged(seed, query, requestId, list, 10);
}

function instanceDetail(i: SeedInstance) {
  return {
    instanceId: i.instanceId,
    instanceName: i.instanceName ?? i.instanceId,
    regionId: i.regionId,
    status: "RUNNING",
    seriesCode: "standard",
    accountInfo: { username: i.accounts.find((a) => a.accountType === "DEFAULT")?.username },
    ...aclInfo(i),
    networkInfo: {
      internetInfo: {
        internetSpec: "enable",
        flowOutType: "PayByBandwidth",
        ipWhitelist: i.internetWhitelist,
      },
      endpoints: [
        {
          endpointType: "TCP_VPC",
          endpointUrl: `${i.instanceId}-vpc.${i.regionId}.rmq.aliyuncs.com:8080`,
        },
        {
          endpointType: "TCP_INTERNET",
          endpointUrl: `${i.instanceId}.${i.regionId}.rmq.aliyuncs.com:8080`,
          ipWhitelist: i.internetWhitelist,
        },
      ],
    },
    productInfo: { msgProcessSpec: "rmq.s2.2xlarge", traceOn: true },
  };
}

/** `aclInfo` and its fields are optional in the SDK model: a seed leaves out what is not reported. */
function aclInfo(i: SeedInstance) {
  if (i.aclTypes === undefined && i.vpcAuthFree === undefined) return {};
  return {
    aclInfo: {
      ...(i.aclTypes === undefined ? {} : { aclType: i.aclTypes[0], aclTypes: i.aclTypes }),
      ...(i.vpcAuthFree === undefined ? {} : { defaultVpcAuthFree: i.vpcAuthFree }),
    },
  };
}

function accountsOf(i: SeedInstance, q: Query) {
  return i.accounts
    .filter((a) => matches(q.username, a.username) && matches(q.accountType, a.accountType))
    .filter((a) => matches(q.accountStatus, a.accountStatus))
    .map((a) => ({
      username: a.username,
      accountType: a.accountType,
      accountStatus: a.accountStatus,
      instanceId: i.instanceId,
      regionId: i.regionId,
    }));
}

function getAccount(i: SeedInstance, q: Query, requestId: string): ApiReply {
  // Without a username the API answers with the instance's default account.
  const account =
    q.username === undefined
      ? i.accounts.find((a) => a.accountType === "DEFAULT")
      : i.accounts.find((a) => a.username === q.username);
  // The code Terraform's alicloud provider treats as "gone" (reference §9); the status is not
  // published, so the stand-in uses 400 and the client must not depend on it.
  if (!account)
    return serviceError(
      requestId,
      400,
      "InstanceAccount.NotExisted",
      "The account does not exist.",
    );
  const { username, password, accountStatus } = account;
  return serviceOk(requestId, { username, password, accountStatus, remark: "" });
}

function aclView(i: SeedInstance, aclType: string) {
  return (a: SeedInstance["acls"][number]) => ({
    instanceId: i.instanceId,
    regionId: i.regionId,
    aclType,
    ...a,
  });
}

function aclsOf(i: SeedInstance, q: Query) {
  return i.acls
    .filter((a) => q.filter === undefined || a.resourceName.includes(q.filter))
    .map(aclView(i, "APACHE"));
}

function getAcl(i: SeedInstance, username: string, q: Query, requestId: string): ApiReply {
  for (const name of ["resourceType", "resourceName"]) {
    if (!q[name]) {
      const cap = name[0]?.toUpperCase() + name.slice(1);
      return serviceError(
        requestId,
        400,
        `Missing${cap}`,
        `Parameter ${name} is mandatory for this action .`,
      );
    }
  }
  const entry = i.acls.find(
    (a) =>
      a.username === username &&
      a.resourceType === q.resourceType &&
      a.resourceName === q.resourceName,
  );
  if (!entry)
    return serviceError(requestId, 400, "InstanceAcl.NotExisted", "The ACL does not exist.");
  return serviceOk(requestId, aclView(i, "apache_acl")(entry));
}

/** The access-control whitelist; a new instance's is `0.0.0.0/0` (reference §9). */
function whitelistOf(i: SeedInstance, q: Query) {
  return (i.accessWhitelist ?? ["0.0.0.0/0"]).filter((ip) => matches(q.ipWhitelist, ip));
}

function matches(wanted: string | undefined, value: string): boolean {
  return wanted === undefined || wanted === value;
}

/**
 * One page. Page sizes are clamped to [min, seed.maxPageSize] and the response reports the size
 * actually used, as the documented ListInstances behaviour does.
 */
function paged(
  seed: AlibabaSeed,
  q: Query,
  requestId: string,
  items: unknown[],
  min = 1,
): ApiReply {
  const max = seed.maxPageSize ?? 100;
  const pageNumber = Math.max(1, Math.trunc(Number(q.pageNumber ?? 1)) || 1);
  const pageSize = Math.min(max, Math.max(min, Math.trunc(Number(q.pageSize ?? 10)) || 10));
  const list = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return serviceOk(requestId, { pageNumber, pageSize, totalCount: items.length, list });
}
