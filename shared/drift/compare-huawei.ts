// One Huawei target: instance ACL switch, then users (presence, admin, whitelist, permissions).
import type { HuaweiTarget, HuaweiUserExpectation } from "../baseline/schema.ts";
import type { HuaweiTargetOk, HuaweiUser } from "../model/snapshot.ts";
import { addressChange } from "./address-change.ts";
import { compareUserPerms } from "./compare-huawei-perms.ts";
import { lookalikeNote } from "./confusable.ts";
import { describeParsed } from "./describe.ts";
import { coversAllIpv4 } from "./ip-set-ops.ts";
import { formatPerm, permBits } from "./perms.ts";
import { showPattern, sortedRecord } from "./show.ts";
import { emit, emitChange, type TargetContext } from "./target-context.ts";

export function compareHuawei(ctx: TargetContext, want: HuaweiTarget, have: HuaweiTargetOk): void {
  const aclEnabled = want.instance?.aclEnabled;
  if (aclEnabled !== undefined && aclEnabled !== have.instance.aclEnabled) {
    const direction = aclEnabled ? "escalation" : "restriction";
    emitChange(
      ctx,
      { principal: null, resource: null, field: "aclEnabled" },
      {
        direction,
        expected: aclEnabled,
        actual: have.instance.aclEnabled,
        message: aclEnabled
          ? `Huawei instance ${ctx.key}: ACL was turned off; clients connect without credentials (aclEnabled true → false).`
          : `Huawei instance ${ctx.key}: ACL was turned on (aclEnabled false → true).`,
      },
    );
  }
  if (want.users !== undefined) compareUsers(ctx, want.users, have.users);
}

function compareUsers(
  ctx: TargetContext,
  want: Record<string, HuaweiUserExpectation>,
  have: readonly HuaweiUser[],
): void {
  // Access keys are unique in the cloud; a repeated one reads as the last copy, as 4.x loads them.
  const cloud = new Map<string, HuaweiUser>();
  for (const user of have)
    if (ctx.includePrincipal(user.accessKey)) cloud.set(user.accessKey, user);
  const wanted = new Map(Object.entries(want).filter(([name]) => ctx.includePrincipal(name)));
  for (const [name, expectation] of wanted) {
    const user = cloud.get(name);
    if (user === undefined) reportMissingUser(ctx, name, expectation);
    else compareUser(ctx, name, expectation, user);
  }
  if (!ctx.reportUnmanaged) return;
  const lookalike = lookalikeNote(Object.keys(want));
  for (const [name, user] of cloud) {
    if (!wanted.has(name)) reportUnexpectedUser(ctx, user, lookalike(name));
  }
}

function showPerms(perms: Iterable<readonly [string, string]>): Record<string, string> {
  return sortedRecord(
    [...perms].map(([name, perm]) => [name, formatPerm(permBits(perm))] as const),
  );
}

function reportMissingUser(ctx: TargetContext, name: string, want: HuaweiUserExpectation): void {
  const perm = (p: string | undefined) => (p === undefined ? null : formatPerm(permBits(p)));
  const named = (r: Record<string, string> | undefined) =>
    r === undefined ? null : showPerms(Object.entries(r));
  emit(ctx, {
    principal: name,
    resource: null,
    field: "principal",
    kind: "missing",
    direction: "restriction",
    expected: {
      accessKey: name,
      admin: want.admin ?? null,
      whitelist:
        want.whitelist === undefined
          ? null
          : showPattern(ctx.values.pattern(want.whitelist), want.whitelist),
      defaultTopicPerm: perm(want.defaultTopicPerm),
      defaultGroupPerm: perm(want.defaultGroupPerm),
      topicPerms: named(want.topicPerms),
      groupPerms: named(want.groupPerms),
    },
    actual: null,
    message: `Huawei user ${name} is in the baseline but does not exist in the cloud.`,
  });
}

/** `note`: what a confusable name adds to the message (see `lookalikeNote`). */
function reportUnexpectedUser(ctx: TargetContext, user: HuaweiUser, note: string): void {
  const whitelist = ctx.values.pattern(user.whitelist);
  // A whitelisted address skips signature and permission checks, so a user whose whitelist covers
  // every IPv4 address opens the instance to anyone: as critical as an administrator.
  const open = whitelist.ok && coversAllIpv4(whitelist.value);
  const notes = [
    user.admin ? "is an administrator" : "",
    open ? `whitelists ${describeParsed(whitelist)}` : "",
  ]
    .filter((s) => s !== "")
    .join(" and ");
  emit(
    ctx,
    {
      principal: user.accessKey,
      resource: null,
      field: "principal",
      kind: "unexpected",
      direction: "escalation",
      expected: null,
      actual: {
        accessKey: user.accessKey,
        admin: user.admin,
        whitelist: showPattern(whitelist, user.whitelist),
        defaultTopicPerm: formatPerm(permBits(user.defaultTopicPerm)),
        defaultGroupPerm: formatPerm(permBits(user.defaultGroupPerm)),
        topicPerms: showPerms(user.topicPerms.map((p) => [p.name, p.perm] as const)),
        groupPerms: showPerms(user.groupPerms.map((p) => [p.name, p.perm] as const)),
      },
      message: `Huawei user ${user.accessKey} exists in the cloud but not in the baseline${notes ? ` and ${notes}` : ""}.${note}`,
    },
    { criticalPrincipal: user.admin || open },
  );
}

function compareUser(
  ctx: TargetContext,
  name: string,
  want: HuaweiUserExpectation,
  have: HuaweiUser,
) {
  const at = { principal: name, resource: null };
  if (want.admin !== undefined && want.admin !== have.admin) {
    const direction = have.admin ? "escalation" : "restriction";
    emitChange(
      ctx,
      { ...at, field: "admin" },
      {
        direction,
        expected: want.admin,
        actual: have.admin,
        message: have.admin
          ? `Huawei user ${name} was made an administrator (admin false → true).`
          : `Huawei user ${name} is no longer an administrator (admin true → false).`,
      },
    );
  }
  if (want.whitelist !== undefined && want.whitelist !== have.whitelist) {
    compareWhitelist(ctx, name, want.whitelist, have.whitelist);
  }
  compareUserPerms(ctx, name, want, have);
}

function compareWhitelist(ctx: TargetContext, name: string, want: string, have: string): void {
  const expected = ctx.values.pattern(want);
  const actual = ctx.values.pattern(have);
  const change = addressChange(expected, actual);
  if (change === null) return;
  const bypass =
    change.direction === "escalation"
      ? "; whitelisted addresses bypass signature and permission checks"
      : "";
  emitChange(
    ctx,
    { principal: name, resource: null, field: "whitelist" },
    {
      direction: change.direction,
      expected: showPattern(expected, want),
      actual: showPattern(actual, have),
      message: `Huawei user ${name}: whitelist ${change.verb} from ${JSON.stringify(want)} (${describeParsed(expected)}) to ${JSON.stringify(have)} (${describeParsed(actual)})${bypass}.`,
    },
    { widenedToAllIpv4: change.nowCoversAllIpv4 },
  );
}
