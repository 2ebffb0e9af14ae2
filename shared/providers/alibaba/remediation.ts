// Alibaba remediation: the ApsaraMQ for RocketMQ 5.x (API 2022-08-01, ROA) operations that restore the
// baseline, and the baseline fragments that accept the cloud. Operation names, methods, paths and where
// each parameter goes (body or query) follow the official SDK `@alicloud/rocketmq20220801`, which
// test/remediation/sdk-oracle.test.ts uses to check them.
import type { Acl2Entry, Acl2EntryExpectation, Acl2Principal } from "../../model/acl2.ts";
import type { PathSegment } from "../../model/path.ts";
import type { CloudOperation } from "../../model/remediation.ts";
import { placeholder } from "../../model/remediation.ts";
import { addFragment, removeFragment, setFragment } from "../remediation/fragment.ts";
import { instanceIdOf, operation, segment } from "../remediation/ops.ts";
import type { RemediationDraft, RemediationInput } from "../remediation/types.ts";
import { describeAccount, describeAcl } from "./init.ts";
import type { AlibabaTarget, AlibabaTargetOk } from "./target.ts";

type Input = RemediationInput<AlibabaTarget, AlibabaTargetOk>;

const INSTANCE_FIELDS = new Set(["aclTypes", "vpcAuthFree", "internetWhitelist"]);
type InstanceField = "aclTypes" | "vpcAuthFree" | "internetWhitelist";
const ACL_FIELDS = new Set(["decision", "actions", "ipWhitelists"]);

export function remediateAlibaba(input: Input): RemediationDraft {
  const { finding: f } = input;
  if (f.kind === "unreadable") return { revert: [], accept: null, path: input.targetPath };
  if (f.field === "accessWhitelist") return accessWhitelistChange(input);
  if (INSTANCE_FIELDS.has(f.field)) return instanceChange(input);
  if (f.field === "principal")
    return f.kind === "missing" ? missingAccount(input) : extraAccount(input);
  if (f.field === "status") return statusChange(input);
  if (f.field === "acl") return f.kind === "missing" ? missingAcl(input) : extraAcl(input);
  if (ACL_FIELDS.has(f.field)) return aclChange(input);
  return { revert: [], accept: null, path: input.targetPath };
}

function instancePath(input: Input): string {
  return `/instances/${segment(input.expected?.instanceId ?? instanceIdOf(input.finding.target))}`;
}

function accountPath(input: Input, username: string): string {
  return `${instancePath(input)}/accounts/${segment(username)}`;
}

function aclPath(input: Input, username: string): string {
  return `${instancePath(input)}/acl/account/${segment(username)}`;
}

function accountsPath(input: Input): PathSegment[] {
  return input.expected?.accounts ? [...input.targetPath, "accounts"] : input.targetPath;
}

function instanceChange(input: Input): RemediationDraft {
  const field = input.finding.field as InstanceField;
  const wanted = input.expected?.instance?.[field];
  const body =
    field === "aclTypes"
      ? { aclInfo: { aclTypes: wanted } }
      : field === "vpcAuthFree"
        ? { aclInfo: { defaultVpcAuthFree: wanted } }
        : { networkInfo: { internetInfo: { ipWhitelist: wanted } } };
  const path = [...input.targetPath, "instance", field];
  const revert = [operation("UpdateInstance", "PATCH", instancePath(input), { body })];
  // The cloud did not report the setting: accepting means not checking it.
  if (input.finding.kind === "missing")
    return { revert, accept: removeFragment(path, "not reported by the cloud"), path };
  const live = input.observed?.instance[field] ?? input.finding.actual;
  return { revert, accept: setFragment(path, live), path };
}

// There is no "replace the whitelist" operation: missing entries are added first and extra ones
// deleted after, so the whitelist is never empty (= any address) in between.
function accessWhitelistChange(input: Input): RemediationDraft {
  const path = [...input.targetPath, "instance", "accessWhitelist"];
  const wanted = input.expected?.instance?.accessWhitelist ?? [];
  const live = input.observed?.instance.accessWhitelist;
  const base = `${instancePath(input)}/ip/whitelist`;
  if (input.finding.kind === "missing" || live === undefined) {
    const add = wanted.length
      ? [
          operation("CreateInstanceIpWhitelist", "POST", base, {
            body: { ipWhitelists: [...wanted] },
          }),
        ]
      : [];
    return { revert: add, accept: removeFragment(path, "not reported by the cloud"), path };
  }
  const adds = wanted.filter((ip) => !live.includes(ip));
  const removes = live.filter((ip) => !wanted.includes(ip));
  const revert: CloudOperation[] = [];
  if (adds.length)
    revert.push(
      operation("CreateInstanceIpWhitelist", "POST", base, { body: { ipWhitelists: adds } }),
    );
  if (removes.length)
    revert.push(
      operation("DeleteInstanceIpWhitelist", "DELETE", base, {
        query: { ipWhitelists: removes.join(",") },
      }),
    );
  return { revert, accept: setFragment(path, [...live]), path };
}

function missingAccount(input: Input): RemediationDraft {
  const username = input.finding.principal ?? "";
  const wanted = input.expected?.accounts?.[username];
  const create = operation("CreateInstanceAccount", "POST", `${instancePath(input)}/accounts`, {
    body: { username, password: placeholder(`a new password for ${username}`) },
  });
  const disable =
    wanted?.status === "DISABLE"
      ? [updateStatus(input, username, "DISABLE")]
      : ([] as CloudOperation[]);
  const acls = (wanted?.acls ?? []).map((acl) => createAcl(input, username, acl));
  const path = [...accountsPath(input), username];
  return {
    revert: [create, ...disable, ...acls],
    accept: removeFragment(path, `account ${username}`),
    path,
  };
}

function extraAccount(input: Input): RemediationDraft {
  const username = input.finding.principal ?? "";
  const live = observedAccount(input, username) ?? (input.finding.actual as Acl2Principal | null);
  const deletes = (live?.acls ?? []).map((acl) => deleteAcl(input, username, acl.resource));
  const path = accountsPath(input);
  return {
    revert: [
      ...deletes,
      operation("DeleteInstanceAccount", "DELETE", accountPath(input, username)),
    ],
    accept: live ? addFragment(path, { [username]: describeAccount(live) }) : null,
    path,
  };
}

function statusChange(input: Input): RemediationDraft {
  const username = input.finding.principal ?? "";
  const wanted = input.expected?.accounts?.[username]?.status ?? String(input.finding.expected);
  const path = [...accountsPath(input), username, "status"];
  return {
    revert: [updateStatus(input, username, wanted)],
    accept: setFragment(path, input.finding.actual),
    path,
  };
}

function updateStatus(input: Input, username: string, status: string): CloudOperation {
  return operation("UpdateInstanceAccount", "PATCH", accountPath(input, username), {
    query: { accountStatus: status },
  });
}

function missingAcl(input: Input): RemediationDraft {
  const { username, resource, entry, path } = aclAt(input);
  return {
    revert: entry ? [createAcl(input, username, entry)] : [],
    accept: removeFragment(path, `the ${resource} entry`),
    path,
  };
}

function extraAcl(input: Input): RemediationDraft {
  const { username, resource } = aclAt(input);
  const live = observedAcl(input, username, resource) ?? (input.finding.actual as Acl2Entry);
  const path = [...accountsPath(input), username, "acls"];
  return {
    revert: [deleteAcl(input, username, resource)],
    accept: addFragment(path, [describeAcl(live)]),
    path,
  };
}

// The body is what the cloud has, overlaid with what the finding says the baseline wants, overlaid
// with the baseline entry itself: so fields the baseline leaves unchecked keep their live values.
function aclChange(input: Input): RemediationDraft {
  const { finding: f } = input;
  const { username, resource, entry, path } = aclAt(input);
  const live = observedAcl(input, username, resource);
  const wanted =
    f.field === "decision" ? (f.expected as Partial<Acl2Entry>) : { [f.field]: f.expected };
  const body = aclBody(resource, { ...live, ...definedOnly(wanted), ...definedOnly(entry) });
  return {
    revert: [operation("UpdateInstanceAcl", "PATCH", aclPath(input, username), { body })],
    accept: live
      ? setFragment(path, describeAcl(live))
      : entry
        ? setFragment(
            [...path, f.field],
            f.field === "decision" ? (f.actual as Acl2Entry).decision : f.actual,
          )
        : null,
    path: [...path, f.field],
  };
}

function aclAt(input: Input) {
  const username = input.finding.principal ?? "";
  const resource = input.finding.resource ?? "";
  const acls = input.expected?.accounts?.[username]?.acls ?? [];
  const index = acls.findIndex((a) => a.resource === resource);
  const base = [...accountsPath(input), username, "acls"];
  return {
    username,
    resource,
    entry: index >= 0 ? acls[index] : undefined,
    path: index >= 0 ? [...base, index] : base,
  };
}

function createAcl(input: Input, username: string, acl: Acl2EntryExpectation): CloudOperation {
  const body = aclBody(acl.resource, acl);
  return operation("CreateInstanceAcl", "POST", aclPath(input, username), { body });
}

function deleteAcl(input: Input, username: string, resource: string): CloudOperation {
  const { resourceType, resourceName } = splitResource(resource);
  return operation("DeleteInstanceAcl", "DELETE", aclPath(input, username), {
    query: { resourceType, resourceName },
  });
}

// Only what is known goes in: an action list the baseline leaves unchecked is not invented.
function aclBody(resource: string, acl: Partial<Acl2EntryExpectation>): Record<string, unknown> {
  return {
    ...splitResource(resource),
    ...(acl.decision ? { decision: acl.decision } : {}),
    ...(acl.actions ? { actions: writeActions(acl.actions) } : {}),
    ...(acl.ipWhitelists ? { ipWhitelists: [...acl.ipWhitelists] } : {}),
  };
}

/** `["Pub|Sub"]`, `["sub"]` → the write API's spelling, one action per element. */
function writeActions(actions: readonly string[]): string[] {
  const canonical: Record<string, string> = { pub: "Pub", sub: "Sub" };
  const tokens = actions.flatMap((a) => a.split("|")).map((t) => t.trim());
  return [...new Set(tokens.map((t) => canonical[t.toLowerCase()] ?? t))].sort();
}

function splitResource(resource: string): { resourceType: string; resourceName: string } {
  const at = resource.indexOf(":");
  return { resourceType: resource.slice(0, at), resourceName: resource.slice(at + 1) };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  const entries = Object.entries(value ?? {}).filter(([, v]) => v !== undefined && v !== null);
  return Object.fromEntries(entries) as Partial<T>;
}

function observedAccount(input: Input, username: string): Acl2Principal | undefined {
  return input.observed?.accounts.find((a) => a.username === username);
}

function observedAcl(input: Input, username: string, resource: string): Acl2Entry | undefined {
  return observedAccount(input, username)?.acls.find((a) => a.resource === resource);
}
