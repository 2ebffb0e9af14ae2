// Wire user → snapshot user. Permission strings are normalised (case, blanks, `SUB|PUB`) and
// anything else is refused: RocketMQ would read an unknown string as DENY, but we cannot know
// Huawei does, so the target fails rather than guessing. Errors name the field, never its value:
// an error message travels into snapshots, reports and alerts, and an API field may hold anything.

import { ExecutionError } from "../../errors.ts";
import type { NamedPerm, Perm4, Perm4Principal } from "../../model/perm4.ts";
import type { UserWire } from "./schemas.ts";

const KNOWN_PERMS: ReadonlySet<string> = new Set(["PUB", "SUB", "PUB|SUB", "DENY"]);

export function normalisePerm(raw: string): Perm4 | undefined {
  const perm = raw.trim().toUpperCase();
  if (perm === "SUB|PUB") return "PUB|SUB";
  return KNOWN_PERMS.has(perm) ? (perm as Perm4) : undefined;
}

/** A field that cannot be trusted; `field` is a path such as `users[3].topic_perms[0].perm`. */
export class UserFieldError extends ExecutionError {
  override name = "UserFieldError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** `at` is the path prefix of this user in the response (`users[3]`, or empty for ShowUser). */
export function toSnapshotUser(wire: UserWire, at: string): Perm4Principal {
  const field = (name: string) => (at ? `${at}.${name}` : name);
  return {
    accessKey: wire.access_key,
    admin: wire.admin,
    // Kept verbatim: the drift engine parses the RocketMQ pattern syntax.
    whitelist: wire.white_remote_address,
    defaultTopicPerm: perm(wire.default_topic_perm, field("default_topic_perm")),
    defaultGroupPerm: perm(wire.default_group_perm, field("default_group_perm")),
    topicPerms: namedPerms(wire.topic_perms, field("topic_perms")),
    groupPerms: namedPerms(wire.group_perms, field("group_perms")),
  };
}

function perm(raw: string, field: string): Perm4 {
  const value = normalisePerm(raw);
  if (value === undefined) {
    throw new UserFieldError(field, `unknown permission (${raw.length} characters)`);
  }
  return value;
}

/** Sorted by name; the same name twice with different perms is ambiguous and refused. */
function namedPerms(entries: UserWire["topic_perms"], field: string): NamedPerm[] {
  const byName = new Map<string, Perm4>();
  entries.forEach((entry, i) => {
    const value = perm(entry.perm, `${field}[${i}].perm`);
    const seen = byName.get(entry.name);
    if (seen !== undefined && seen !== value) {
      throw new UserFieldError(`${field}[${i}].name`, "conflicting entries for one name");
    }
    byName.set(entry.name, value);
  });
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, p]) => ({ name, perm: p }));
}
