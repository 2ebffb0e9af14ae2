// ACL 2.0 entries of one principal, keyed by resource: missing, unexpected, decision, actions,
// ipWhitelists. For a Deny entry more actions or addresses mean less access, so directions flip.
import { coversAllIpv4 } from "../match/ip-set-ops.ts";
import type { Acl2Entry, Acl2EntryExpectation } from "../model/acl2.ts";
import type { Direction } from "../model/finding.ts";
import { addressChange } from "./address-change.ts";
import { describeList, describeParsed } from "./describe.ts";
import { actionsDirection, formatActions } from "./perms.ts";
import { sameStrings, showAddresses } from "./show.ts";
import { emit, emitChange, type TargetContext } from "./target-context.ts";

type Acl = Acl2Entry | Acl2EntryExpectation;

/** `topic:orders` → `Topic:orders`: ACL 2.0 resource types are case-insensitive. */
export function normalizeResource(resource: string): string {
  if (
    resource.charCodeAt(5) === 58 &&
    (resource.startsWith("Topic") || resource.startsWith("Group"))
  ) {
    return resource;
  }
  const colon = resource.indexOf(":");
  const type = resource.slice(0, colon).toLowerCase();
  if (type === "topic") return `Topic${resource.slice(colon)}`;
  if (type === "group") return `Group${resource.slice(colon)}`;
  return resource;
}

/** The normalised view of one entry (absent baseline fields stay null: not checked). */
export function showAcl(ctx: TargetContext, acl: Acl): Record<string, unknown> {
  return {
    resource: normalizeResource(acl.resource),
    decision: acl.decision,
    actions: acl.actions === undefined ? null : formatActions(ctx.values.actions(acl.actions)),
    ipWhitelists:
      acl.ipWhitelists === undefined
        ? null
        : showAddresses(ctx.values.addressList(acl.ipWhitelists), acl.ipWhitelists),
  };
}

/**
 * Two cloud entries for one resource should not exist (ACL 2.0 keeps one per resource). If they do,
 * read them the way that grants more: 5.3.x picks Allow on a tie, and same-decision entries add up.
 */
function mergeDuplicate(a: Acl2Entry, b: Acl2Entry): Acl2Entry {
  if (a.decision !== b.decision) return a.decision === "Allow" ? a : b;
  const anyAddress = a.ipWhitelists.length === 0 || b.ipWhitelists.length === 0;
  return {
    resource: a.resource,
    decision: a.decision,
    actions: [...a.actions, ...b.actions],
    ipWhitelists: anyAddress ? [] : [...a.ipWhitelists, ...b.ipWhitelists],
  };
}

function indexCloudAcls(acls: readonly Acl2Entry[]): Map<string, Acl2Entry> {
  const byResource = new Map<string, Acl2Entry>();
  for (const acl of acls) {
    const resource = normalizeResource(acl.resource);
    const seen = byResource.get(resource);
    byResource.set(resource, seen === undefined ? acl : mergeDuplicate(seen, acl));
  }
  return byResource;
}

/** Marks a cloud entry already paired with a baseline entry (cheaper than a second map). */
const PAIRED = null;

export function compareAcls(
  ctx: TargetContext,
  username: string,
  expected: readonly Acl2EntryExpectation[],
  actual: readonly Acl2Entry[],
): void {
  const cloud: Map<string, Acl2Entry | typeof PAIRED> = indexCloudAcls(actual);
  // Backwards, so that of two baseline entries for one resource the later wins, as an ACL 2.0
  // update replaces the entry; the earlier one then finds the resource already paired.
  for (let i = expected.length - 1; i >= 0; i--) {
    const want = expected[i]!;
    const resource = normalizeResource(want.resource);
    const have = cloud.get(resource);
    if (have === PAIRED) continue;
    cloud.set(resource, PAIRED);
    if (have === undefined) reportAclPresence(ctx, username, resource, want, "missing");
    else compareAcl(ctx, username, resource, want, have);
  }
  if (!ctx.reportUnmanaged) return;
  for (const [resource, have] of cloud) {
    if (have !== PAIRED) reportAclPresence(ctx, username, resource, have, "unexpected");
  }
}

function reportAclPresence(
  ctx: TargetContext,
  username: string,
  resource: string,
  acl: Acl,
  kind: "missing" | "unexpected",
): void {
  const allow = acl.decision === "Allow";
  const gone = kind === "missing";
  const shown = showAcl(ctx, acl);
  const what = `${acl.decision} ${shown.actions ? describeList(shown.actions as string[]) : "entry"}`;
  emit(ctx, {
    principal: username,
    resource,
    field: "acl",
    kind,
    direction: allow === gone ? "restriction" : "escalation",
    expected: gone ? shown : null,
    actual: gone ? null : shown,
    message: gone
      ? `${ctx.noun} ${username}: baseline ACL entry ${resource} (${what}) is missing from the cloud.`
      : `${ctx.noun} ${username}: ACL entry ${resource} (${what}) exists in the cloud but not in the baseline.`,
  });
}

function compareAcl(
  ctx: TargetContext,
  username: string,
  resource: string,
  want: Acl2EntryExpectation,
  have: Acl2Entry,
): void {
  const at = { principal: username, resource };
  if (want.decision !== have.decision) {
    reportDecision(ctx, username, resource, want, have);
    return;
  }
  const flip = have.decision === "Deny";
  if (want.actions !== undefined && !sameStrings(want.actions, have.actions)) {
    compareActions(ctx, at, want.actions, have.actions, flip);
  }
  if (want.ipWhitelists !== undefined && !sameStrings(want.ipWhitelists, have.ipWhitelists)) {
    compareIpWhitelists(ctx, at, want.ipWhitelists, have.ipWhitelists, flip);
  }
}

/**
 * One finding for a flipped decision; both sides carry decision, actions and addresses, so a Deny
 * that became an Allow open to every IPv4 address is visible — and critical — in that one finding.
 */
function reportDecision(
  ctx: TargetContext,
  username: string,
  resource: string,
  want: Acl2EntryExpectation,
  have: Acl2Entry,
): void {
  const side = (acl: Acl) => {
    const { decision, actions, ipWhitelists } = showAcl(ctx, acl);
    return { decision, actions, ipWhitelists };
  };
  const text = (s: ReturnType<typeof side>) =>
    s.actions === null
      ? String(s.decision)
      : `${s.decision} ${describeList(s.actions as string[])}`;
  const [expected, actual] = [side(want), side(have)];
  const direction = have.decision === "Allow" ? "escalation" : "restriction";
  const addresses = ctx.values.addressList(have.ipWhitelists);
  const openToAll = have.decision === "Allow" && addresses.ok && coversAllIpv4(addresses.value);
  emitChange(
    ctx,
    { principal: username, resource, field: "decision" },
    {
      direction,
      expected,
      actual,
      message:
        `${ctx.noun} ${username}: ACL entry ${resource} changed from ${text(expected)} to ${text(actual)} (${direction})` +
        (openToAll ? "; it now admits every IPv4 address." : "."),
    },
    { widenedToAllIpv4: openToAll },
  );
}

function invert(direction: Direction, flip: boolean): Direction {
  if (!flip || direction === "lateral" || direction === null) return direction;
  return direction === "escalation" ? "restriction" : "escalation";
}

type At = { principal: string; resource: string };

function compareActions(
  ctx: TargetContext,
  at: At,
  want: readonly string[],
  have: readonly string[],
  flip: boolean,
): void {
  const expected = ctx.values.actions(want);
  const actual = ctx.values.actions(have);
  const setDirection = actionsDirection(expected, actual);
  if (setDirection === null) return;
  const direction = invert(setDirection, flip);
  const [e, a] = [formatActions(expected), formatActions(actual)];
  const entry = flip ? "Deny entry" : "Allow entry";
  emitChange(
    ctx,
    { ...at, field: "actions" },
    {
      direction,
      expected: e,
      actual: a,
      message: `${ctx.noun} ${at.principal}: ${entry} ${at.resource} actions changed from ${describeList(e)} to ${describeList(a)} (${direction}).`,
    },
  );
}

function compareIpWhitelists(
  ctx: TargetContext,
  at: At,
  want: readonly string[],
  have: readonly string[],
  flip: boolean,
): void {
  const expected = ctx.values.addressList(want);
  const actual = ctx.values.addressList(have);
  const change = addressChange(expected, actual);
  if (change === null) return;
  const direction = invert(change.direction, flip);
  const entry = flip ? "Deny entry" : "Allow entry";
  emitChange(
    ctx,
    { ...at, field: "ipWhitelists" },
    {
      direction,
      expected: showAddresses(expected, want),
      actual: showAddresses(actual, have),
      message: `${ctx.noun} ${at.principal}: ${entry} ${at.resource} ipWhitelists ${change.verb} from ${describeParsed(expected)} to ${describeParsed(actual)} (${direction}).`,
    },
    { widenedToAllIpv4: !flip && change.nowCoversAllIpv4 },
  );
}
