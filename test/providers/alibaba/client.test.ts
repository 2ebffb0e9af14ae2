// The client against the stand-in over real HTTP with real signatures: every call, both error
// envelopes, STS, encoding of awkward names, and endpoint resolution.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../../shared/errors.ts";
import type { HttpRequest } from "../../../shared/net/transport.ts";
import {
  type AlibabaClient,
  createAlibabaClient,
} from "../../../shared/providers/alibaba/client.ts";
import { resolveEndpoint } from "../../../shared/providers/alibaba/endpoint.ts";
import { buildSignedRequest } from "../../../shared/providers/alibaba/request.ts";
import { AlibabaApiError } from "../../../shared/providers/alibaba/response.ts";
import {
  acl,
  INSTANCE,
  instanceSeed,
  KEY,
  REGION,
  STS_KEY,
  type Stand,
  seedWith,
  startStandIn,
} from "./helpers.ts";

const ODD_USER = "team/a b*~ü";
const ODD_TOPIC = "orders dlq*~é(1)";

let stand: Stand;
beforeAll(async () => {
  const base = instanceSeed();
  stand = await startStandIn(
    seedWith([
      {
        ...base,
        accounts: [
          ...base.accounts,
          { username: ODD_USER, password: "pw", accountType: "CUSTOMER", accountStatus: "ENABLE" },
        ],
        acls: [...base.acls, acl(ODD_USER, "Topic", ODD_TOPIC, ["Sub"], ["2001:db8::/32"])],
      },
      instanceSeed({ instanceId: "rmq-cn-other", aclTypes: [], internetWhitelist: [] }),
    ]),
  );
});
afterAll(() => stand.sandbox.close());

function clientWith(
  overrides: Partial<Parameters<typeof createAlibabaClient>[0]> = {},
): AlibabaClient {
  return createAlibabaClient({
    credentials: KEY,
    qps: 1000,
    concurrency: 4,
    timeoutMs: 2000,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AlibabaApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AlibabaApiError);
  return err as AlibabaApiError;
}

describe("every read call", () => {
  const client = clientWith();
  afterAll(() => client.close());
  const scope = () => ({ origin: stand.url, instanceId: INSTANCE });

  it("ListInstances (pageNumber and pageSize always sent)", async () => {
    const list = await client.listInstances({ origin: stand.url });
    expect(list.map((i) => i.instanceId)).toEqual([INSTANCE, "rmq-cn-other"]);
    const sent = stand.route.requests.filter((r) => r.action === "ListInstances").at(-1);
    expect(sent?.query).toEqual({ pageNumber: "1", pageSize: "100" });
  });

  it("GetInstance", async () => {
    const detail = await client.getInstance(scope());
    expect(detail.aclInfo).toMatchObject({ aclTypes: ["apache_acl"], defaultVpcAuthFree: false });
    expect(detail.networkInfo?.internetInfo?.ipWhitelist).toEqual(["203.0.113.0/24"]);
  });

  it("ListInstanceAccount", async () => {
    const accounts = await client.listInstanceAccounts(scope());
    expect(accounts.map((a) => [a.username, a.accountStatus])).toEqual([
      ["app-orders", "ENABLE"],
      ["ops", "DISABLE"],
      [ODD_USER, "ENABLE"],
    ]);
  });

  it("GetInstanceAccount (password dropped), and null for an unknown account", async () => {
    const account = await client.getInstanceAccount(scope(), "app-orders");
    expect(account).toEqual({ username: "app-orders", accountStatus: "ENABLE" });
    expect(await client.getInstanceAccount(scope(), "nobody")).toBeNull();
  });

  it("ListInstanceAcl", async () => {
    const acls = await client.listInstanceAcls(scope());
    expect(acls).toHaveLength(4);
    expect(acls[2]).toMatchObject({
      username: "ops",
      decision: "Deny",
      actions: ["Pub|Sub"],
      ipWhitelists: [],
    });
  });

  it("GetInstanceAcl with a username and resource that need encoding", async () => {
    const entry = await client.getInstanceAcl(scope(), ODD_USER, "Topic", ODD_TOPIC);
    expect(entry).toMatchObject({
      username: ODD_USER,
      resourceName: ODD_TOPIC,
      ipWhitelists: ["2001:db8::/32"],
    });
    expect(await client.getInstanceAcl(scope(), ODD_USER, "Group", ODD_TOPIC)).toBeNull();
  });

  it("ListInstanceIpWhitelist: the access-control whitelist, not the internet one", async () => {
    expect(await client.listInstanceIpWhitelist(scope())).toEqual(["10.0.0.0/8", "192.168.0.0/16"]);
  });

  it("an unknown instance is a camelCase Instance.NotFound with HTTP 404, not absent", async () => {
    const err = await failure(
      client.getInstanceAccount({ origin: stand.url, instanceId: "rmq-nope" }, "x"),
    );
    expect(err.envelope).toBe("service");
    expect(err.details).toMatchObject({
      call: "GetInstanceAccount",
      httpStatus: 404,
      code: "Instance.NotFound",
      retryable: false,
    });
    expect(err.details.requestId).toMatch(/^[0-9A-F-]{36}$/);
  });
});

describe("gateway errors", () => {
  const scope = () => ({ origin: stand.url, instanceId: INSTANCE });

  it("wrong key id → InvalidAccessKeyId.NotFound (PascalCase body), one request, no retry", async () => {
    const client = clientWith({
      credentials: { accessKeyId: "LTAI-unknown", accessKeySecret: "x" },
    });
    const before = stand.route.requests.length;
    const err = await failure(client.getInstance(scope()));
    expect(err.envelope).toBe("gateway");
    expect(err.details).toMatchObject({
      code: "InvalidAccessKeyId.NotFound",
      httpStatus: 404,
      retryable: false,
    });
    expect(err.details.requestId).toBeTruthy();
    expect(stand.route.requests.length - before).toBe(1);
    await client.close();
  });

  it("wrong secret → SignatureDoesNotMatch, one request", async () => {
    const client = clientWith({ credentials: { ...KEY, accessKeySecret: "wrong" } });
    const before = stand.route.requests.length;
    const err = await failure(client.listInstanceAcls(scope()));
    expect(err.details).toMatchObject({
      code: "SignatureDoesNotMatch",
      httpStatus: 400,
      call: "ListInstanceAcl",
    });
    expect(err.message.length).toBeLessThan(500);
    expect(stand.route.requests.length - before).toBe(1);
    await client.close();
  });

  it("clock skew beyond 15 minutes → InvalidTimeStamp.Expired", async () => {
    const client = clientWith({ signingClock: () => new Date(Date.now() - 20 * 60_000) });
    const err = await failure(client.getInstance(scope()));
    expect(err.details.code).toBe("InvalidTimeStamp.Expired");
    await client.close();
  });

  it("STS credentials: token accepted; a wrong token is refused", async () => {
    const sts = clientWith({ credentials: STS_KEY });
    expect((await sts.getInstance(scope())).instanceId).toBe(INSTANCE);
    await sts.close();
    const bad = clientWith({ credentials: { ...STS_KEY, securityToken: "forged" } });
    const err = await failure(bad.getInstance(scope()));
    expect(err.details.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    await bad.close();
    const none = clientWith({
      credentials: { accessKeyId: STS_KEY.accessKeyId, accessKeySecret: STS_KEY.accessKeySecret },
    });
    expect((await failure(none.getInstance(scope()))).details.code).toBe("MissingSecurityToken");
    await none.close();
  });

  it("a replayed nonce is refused with SignatureNonceUsed", async () => {
    const spec = { action: "GetInstance", origin: stand.url, segments: ["instances", INSTANCE] };
    const req = () => buildSignedRequest(spec, { credentials: KEY, nonce: () => "same-nonce-1" });
    const send = (r: HttpRequest) => fetch(r.url, { headers: r.headers }).then((x) => x.json());
    expect(await send(req())).toMatchObject({ success: true });
    expect(await send(req())).toMatchObject({ Code: "SignatureNonceUsed" });
  });

  it("a body hash that does not match the body is refused", async () => {
    const spec = { action: "GetInstance", origin: stand.url, segments: ["instances", INSTANCE] };
    const r = buildSignedRequest(spec, { credentials: KEY });
    const res = await fetch(r.url, {
      headers: { ...r.headers, "x-acs-content-sha256": "0".repeat(64) },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Code: "SignatureDoesNotMatch" });
  });

  it("an unsigned x-acs- header is refused with IncompleteSignature", async () => {
    const spec = { action: "GetInstance", origin: stand.url, segments: ["instances", INSTANCE] };
    const r = buildSignedRequest(spec, { credentials: KEY });
    const res = await fetch(r.url, { headers: { ...r.headers, "x-acs-extra": "1" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Code: "IncompleteSignature" });
  });
});

describe("endpoints", () => {
  it("target endpoint > override > https://rocketmq.{region}.aliyuncs.com", () => {
    expect(resolveEndpoint(REGION)).toBe("https://rocketmq.cn-hangzhou.aliyuncs.com");
    expect(resolveEndpoint(REGION, undefined, "http://127.0.0.1:9")).toBe("http://127.0.0.1:9");
    expect(
      resolveEndpoint(
        REGION,
        "https://rocketmq-vpc.cn-hangzhou.aliyuncs.com/",
        "http://127.0.0.1:9",
      ),
    ).toBe("https://rocketmq-vpc.cn-hangzhou.aliyuncs.com");
    expect(resolveEndpoint(REGION, "rocketmq-vpc.cn-hangzhou.aliyuncs.com")).toBe(
      "https://rocketmq-vpc.cn-hangzhou.aliyuncs.com",
    );
  });

  it("refuses regions and endpoints that are not what they claim", () => {
    expect(() => resolveEndpoint("cn-hangzhou.evil.com/")).toThrow(InputError);
    expect(() => resolveEndpoint(REGION, "ftp://x")).toThrow(InputError);
    expect(() => resolveEndpoint(REGION, "https://h/some/path")).toThrow(InputError);
  });
});
