// Semantic checks of one schema-valid Alibaba baseline target: resources, actions, addresses and
// ACL entries repeated within an account.
import { checkAddressEntry } from "../../match/ip-set.ts";
import type { Acl2EntryExpectation, Acl2PrincipalExpectation } from "../../model/acl2.ts";
import type { LineOf, PathIssue, PathSegment } from "../../model/path.ts";
import type { AlibabaTarget } from "./target.ts";

const RESOURCE = /^(Topic|Group):(.*)$/;

export function checkAlibabaTarget(
  t: AlibabaTarget,
  path: PathSegment[],
  lineOf: LineOf,
): PathIssue[] {
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
  account: Acl2PrincipalExpectation,
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

function checkAcl(acl: Acl2EntryExpectation, path: PathSegment[]): PathIssue[] {
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
