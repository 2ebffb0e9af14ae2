// Principals in the RocketMQ 4.x plain-ACL model (Huawei DMS): presence, admin, whitelist, then the
// default and per-resource permissions (perm4-perms.ts).
import { coversAllIpv4 } from "../match/ip-set-ops.ts";
import type { Perm4Principal, Perm4PrincipalExpectation } from "../model/perm4.ts";
import { addressChange } from "./address-change.ts";
import { lookalikeNote } from "./confusable.ts";
import { describeParsed } from "./describe.ts";
import { compareUserPerms } from "./perm4-perms.ts";
import { formatPerm, permBits } from "./perms.ts";
import { showPattern, sortedRecord } from "./show.ts";
import { emit, emitChange, type TargetContext } from "./target-context.ts";

export function comparePerm4Principals(
  ctx: TargetContext,
  want: Record<string, Perm4PrincipalExpectation>,
  have: readonly Perm4Principal[],
): void {
  // Access keys are unique in the cloud; a repeated one reads as the last copy, as 4.x loads them.
  const cloud = new Map<string, Perm4Principal>();
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

function reportMissingUser(
  ctx: TargetContext,
  name: string,
  want: Perm4PrincipalExpectation,
): void {
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
    message: `${ctx.noun} ${name} is in the baseline but does not exist in the cloud.`,
  });
}

/** `note`: what a confusable name adds to the message (see `lookalikeNote`). */
function reportUnexpectedUser(ctx: TargetContext, user: Perm4Principal, note: string): void {
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
      message: `${ctx.noun} ${user.accessKey} exists in the cloud but not in the baseline${notes ? ` and ${notes}` : ""}.${note}`,
    },
    { criticalPrincipal: user.admin || open },
  );
}

function compareUser(
  ctx: TargetContext,
  name: string,
  want: Perm4PrincipalExpectation,
  have: Perm4Principal,
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
          ? `${ctx.noun} ${name} was made an administrator (admin false → true).`
          : `${ctx.noun} ${name} is no longer an administrator (admin true → false).`,
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
      message: `${ctx.noun} ${name}: whitelist ${change.verb} from ${JSON.stringify(want)} (${describeParsed(expected)}) to ${JSON.stringify(have)} (${describeParsed(actual)})${bypass}.`,
    },
    { widenedToAllIpv4: change.nowCoversAllIpv4 },
  );
}
