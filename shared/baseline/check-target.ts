// Semantic checks inside one schema-valid target: what zod's shapes cannot say about the values.

import { checkAddressEntry, checkWhitelistPattern } from "../drift/ip-set.ts";
import type { HuaweiPerm } from "../model/snapshot.ts";
import { checkApiEndpoint } from "../net/endpoint-policy.ts";
import { checkIdentity } from "./check-ids.ts";
import type { PathIssue, PathSegment } from "./path.ts";
import type {
  AlibabaAccountExpectation,
  AlibabaAclExpectation,
  AlibabaTarget,
  BaselineTarget,
  HuaweiTarget,
  HuaweiUserExpectation,
} from "./schema.ts";

/** Line of the node at a path, to name where a duplicate was first defined. */
export type LineOf = (path: readonly PathSegment[]) => number | undefined;

const RESOURCE = /^(Topic|Group):(.*)$/;
// Groups are only ever checked for SUB (RocketMQ 4.x `PlainAccessValidator`); Huawei accepts SUB/DENY.
const GROUP_PERMS: ReadonlySet<HuaweiPerm> = new Set(["SUB", "DENY"]);

export function checkTarget(target: BaselineTarget, path: PathSegment[], lineOf: LineOf) {
  const issues = [
    ...checkIdentity(target, path),
    ...(target.provider === "alibaba"
      ? checkAlibabaTarget(target, path, lineOf)
      : checkHuaweiTarget(target, path)),
  ];
  const endpointProblem = target.endpoint === undefined ? null : checkApiEndpoint(target.endpoint);
  if (endpointProblem) issues.push({ path: [...path, "endpoint"], message: endpointProblem });
  return issues;
}

function checkAlibabaTarget(t: AlibabaTarget, path: PathSegment[], lineOf: LineOf): PathIssue[] {
  const issues = [
    ...checkAddresses(t.instance?.internetWhitelist, [...path, "instance", "internetWhitelist"]),
    ...checkAddresses(t.instance?.accessWhitelist, [...path, "instance", "accessWhitelist"]),
  ];
  for (const [name, account] of Object.entries(t.accounts ?? {})) {
    issues.push(...checkAccount(account, [...path, "accounts", name], lineOf));
  }
  return issues;
}

function checkAccount(
  account: AlibabaAccountExpectation,
  path: PathSegment[],
  lineOf: LineOf,
): PathIssue[] {
  const issues: PathIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const [i, acl] of (account.acls ?? []).entries()) {
    const aclPath = [...path, "acls", i];
    issues.push(...checkAcl(acl, aclPath));
    const first = firstIndex.get(acl.resource);
    if (first === undefined) {
      firstIndex.set(acl.resource, i);
      continue;
    }
    // Entries are keyed by (username, resource): a second one would silently shadow the first.
    const line = lineOf([...path, "acls", first]);
    const where = line === undefined ? `acls[${first}]` : `line ${line}`;
    issues.push({
      path: [...aclPath, "resource"],
      message: `duplicate entry for ${JSON.stringify(acl.resource)} in this account (first defined at ${where})`,
    });
  }
  return issues;
}

function checkAcl(acl: AlibabaAclExpectation, path: PathSegment[]): PathIssue[] {
  const resourceProblem = checkResource(acl.resource);
  const issues: PathIssue[] = resourceProblem
    ? [{ path: [...path, "resource"], message: resourceProblem }]
    : [];
  const isGroup = acl.resource.startsWith("Group:");
  for (const [i, action] of (acl.actions ?? []).entries()) {
    const problem = checkAction(action, isGroup);
    if (problem) issues.push({ path: [...path, "actions", i], message: problem });
  }
  issues.push(...checkAddresses(acl.ipWhitelists, [...path, "ipWhitelists"]));
  return issues;
}

function checkResource(resource: string): string | null {
  const match = RESOURCE.exec(resource);
  if (match) return match[2]?.trim() ? null : `the ${match[1]} name after "${match[1]}:" is empty`;
  const got = JSON.stringify(resource);
  // The type prefix is compared as written, so `topic:x` would never match the cloud's `Topic:x`.
  if (/^(topic|group):/i.test(resource)) {
    return `expected Topic:<name> or Group:<name> (capitalised as shown), got ${got}`;
  }
  return `expected Topic:<name> or Group:<name>, got ${got}`;
}

/** Alibaba actions: `Pub`, `Sub` (any case), or both in one string as `Pub|Sub`. */
function checkAction(action: string, isGroup: boolean): string | null {
  for (const token of action.split("|")) {
    const word = token.trim().toLowerCase();
    if (word !== "pub" && word !== "sub") {
      return `unknown action ${JSON.stringify(token.trim())} (expected Pub, Sub or Pub|Sub)`;
    }
    if (isGroup && word === "pub") {
      return `a Group resource only takes Sub, got ${JSON.stringify(action)}`;
    }
  }
  return null;
}

function checkAddresses(entries: readonly string[] | undefined, path: PathSegment[]): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const [i, entry] of (entries ?? []).entries()) {
    const problem = checkAddressEntry(entry);
    if (problem) issues.push({ path: [...path, i], message: problem });
  }
  return issues;
}

function checkHuaweiTarget(t: HuaweiTarget, path: PathSegment[]): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const [name, user] of Object.entries(t.users ?? {})) {
    issues.push(...checkUser(user, [...path, "users", name]));
  }
  return issues;
}

function checkUser(user: HuaweiUserExpectation, path: PathSegment[]): PathIssue[] {
  const issues: PathIssue[] = [];
  // Empty is a valid whitelist: it matches no address.
  const whitelistProblem = user.whitelist ? checkWhitelistPattern(user.whitelist) : null;
  if (whitelistProblem) issues.push({ path: [...path, "whitelist"], message: whitelistProblem });
  if (user.defaultGroupPerm && !GROUP_PERMS.has(user.defaultGroupPerm)) {
    issues.push({
      path: [...path, "defaultGroupPerm"],
      message: groupPermMessage(user.defaultGroupPerm),
    });
  }
  for (const [group, perm] of Object.entries(user.groupPerms ?? {})) {
    if (!GROUP_PERMS.has(perm)) {
      issues.push({ path: [...path, "groupPerms", group], message: groupPermMessage(perm) });
    }
  }
  return issues;
}

function groupPermMessage(perm: HuaweiPerm): string {
  return `a group permission takes SUB or DENY, got ${JSON.stringify(perm)} (groups are only checked for SUB)`;
}
