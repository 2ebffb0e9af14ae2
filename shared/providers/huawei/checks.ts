// Semantic checks of one schema-valid Huawei baseline target: the instance id's shape, whitelist
// patterns and group permissions.
import { checkWhitelistPattern } from "../../match/ip-set.ts";
import type { LineOf, PathIssue, PathSegment } from "../../model/path.ts";
import type { Perm4, Perm4PrincipalExpectation } from "../../model/perm4.ts";
import type { HuaweiTarget } from "./target.ts";

/** An IAM project id: 32 hex digits. */
const PROJECT_ID = /^[0-9a-f]{32}$/i;
// Groups are only ever checked for SUB (RocketMQ 4.x `PlainAccessValidator`); Huawei accepts SUB/DENY.
const GROUP_PERMS: ReadonlySet<Perm4> = new Set(["SUB", "DENY"]);

export function checkHuaweiTarget(
  t: HuaweiTarget,
  path: PathSegment[],
  _lineOf: LineOf,
): PathIssue[] {
  const issues: PathIssue[] = [];
  if (!PROJECT_ID.test(t.projectId)) {
    issues.push({
      path: [...path, "projectId"],
      message: `expected an IAM project id of 32 hex digits, got ${show(t.projectId)}`,
    });
  }
  for (const [name, user] of Object.entries(t.users ?? {})) {
    issues.push(...checkUser(user, [...path, "users", name]));
  }
  return issues;
}

function checkUser(user: Perm4PrincipalExpectation, path: PathSegment[]): PathIssue[] {
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

function groupPermMessage(perm: Perm4): string {
  return `a group permission takes SUB or DENY, got ${JSON.stringify(perm)} (groups are only checked for SUB)`;
}

/** Values are quoted as JSON (control characters escaped) and cut short. */
function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
