// `rmq-drift init` for Huawei: the live state of one instance as a baseline target, sorted so that
// an unchanged instance gives the same bytes.
import { byText } from "../../model/order.ts";
import type {
  NamedPerm,
  Perm4,
  Perm4Principal,
  Perm4PrincipalExpectation,
} from "../../model/perm4.ts";
import type { ReviewNote } from "../module.ts";
import type { HuaweiTarget, HuaweiTargetOk } from "./target.ts";

export function describeHuawei(t: HuaweiTargetOk): HuaweiTarget {
  const users = [...t.users].sort((a, b) => byText(a.accessKey, b.accessKey));
  return {
    provider: "huawei",
    region: t.region,
    projectId: t.projectId,
    instanceId: t.instanceId,
    instance: { aclEnabled: t.instance.aclEnabled },
    users: Object.fromEntries(users.map((u) => [u.accessKey, describeUser(u)])),
  };
}

export function describeUser(user: Perm4Principal): Perm4PrincipalExpectation {
  return {
    admin: user.admin,
    whitelist: user.whitelist,
    defaultTopicPerm: normalisePerm(user.defaultTopicPerm),
    defaultGroupPerm: normalisePerm(user.defaultGroupPerm),
    topicPerms: permMap(user.topicPerms),
    groupPerms: permMap(user.groupPerms),
  };
}

function permMap(perms: readonly NamedPerm[]): Record<string, Perm4> {
  const sorted = [...perms].sort((a, b) => byText(a.name, b.name));
  return Object.fromEntries(sorted.map((p) => [p.name, normalisePerm(p.perm)]));
}

function normalisePerm(perm: Perm4): Perm4 {
  return perm === "SUB|PUB" ? "PUB|SUB" : perm;
}

/** RocketMQ 4.x whitelist patterns that match every address. */
const ANY_PATTERN = /^(\*|\*\.\*\.\*\.\*)$/;

/** What a generated Huawei target holds that nobody should accept without looking. */
export function reviewHuawei(t: HuaweiTarget): ReviewNote[] {
  const notes: ReviewNote[] = [];
  if (t.instance?.aclEnabled === false) {
    notes.push({
      path: ["instance", "aclEnabled"],
      note: "ACL is off: clients connect without credentials",
    });
  }
  for (const [name, user] of Object.entries(t.users ?? {})) {
    if (user.admin === true) {
      notes.push({
        path: ["users", name],
        note: `${name} is an administrator: every topic and group`,
      });
    }
    const patterns = (user.whitelist ?? "").split(",").map((p) => p.trim());
    if (patterns.some((p) => ANY_PATTERN.test(p))) {
      notes.push({
        path: ["users", name, "whitelist"],
        note: `${name} bypasses authentication from any address`,
      });
    }
  }
  return notes;
}
