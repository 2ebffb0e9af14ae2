// Principals in the ACL 2.0 permission model (Alibaba 5.x, Apache RocketMQ 5): presence and status
// of each user, then its entries (acl2-entries.ts).
import type { Acl2Principal, Acl2PrincipalExpectation } from "../model/acl2.ts";
import { compareAcls, showAcl } from "./acl2-entries.ts";
import { lookalikeNote } from "./confusable.ts";
import { byString } from "./show.ts";
import { emit, emitChange, type TargetContext } from "./target-context.ts";

/**
 * The cloud lists each account once; if a snapshot repeats one, its ACL lists are combined and it
 * counts as enabled if any copy is (the reading that grants more).
 */
function indexAccounts(ctx: TargetContext, accounts: readonly Acl2Principal[]) {
  const byName = new Map<string, Acl2Principal>();
  for (const account of accounts) {
    if (!ctx.includePrincipal(account.username)) continue;
    const seen = byName.get(account.username);
    if (seen === undefined) {
      byName.set(account.username, account);
    } else {
      const status = seen.status === "ENABLE" ? seen.status : account.status;
      byName.set(account.username, { ...seen, status, acls: [...seen.acls, ...account.acls] });
    }
  }
  return byName;
}

export function compareAcl2Principals(
  ctx: TargetContext,
  want: Record<string, Acl2PrincipalExpectation>,
  have: readonly Acl2Principal[],
): void {
  const cloud = indexAccounts(ctx, have);
  const wanted = new Map(Object.entries(want).filter(([name]) => ctx.includePrincipal(name)));
  for (const [name, expectation] of wanted) {
    const account = cloud.get(name);
    if (account === undefined) reportMissingAccount(ctx, name, expectation);
    else compareAccount(ctx, name, expectation, account);
  }
  if (!ctx.reportUnmanaged) return;
  const lookalike = lookalikeNote(Object.keys(want));
  for (const [name, account] of cloud) {
    if (!wanted.has(name)) reportUnexpectedAccount(ctx, account, lookalike(name));
  }
}

function showAcls(ctx: TargetContext, acls: readonly Parameters<typeof showAcl>[1][]) {
  return acls
    .map((acl) => showAcl(ctx, acl))
    .sort((a, b) => byString(a.resource as string, b.resource as string));
}

function reportMissingAccount(ctx: TargetContext, name: string, want: Acl2PrincipalExpectation) {
  const entries =
    want.acls === undefined
      ? ""
      : ` with ${want.acls.length} ACL entr${want.acls.length === 1 ? "y" : "ies"}`;
  emit(ctx, {
    principal: name,
    resource: null,
    field: "principal",
    kind: "missing",
    direction: "restriction",
    expected: {
      username: name,
      status: want.status ?? null,
      acls: want.acls === undefined ? null : showAcls(ctx, want.acls),
    },
    actual: null,
    message: `${ctx.noun} ${name}${entries} is in the baseline but does not exist in the cloud.`,
  });
}

/** `note`: what a confusable name adds to the message (see `lookalikeNote`). */
function reportUnexpectedAccount(ctx: TargetContext, account: Acl2Principal, note: string) {
  const n = account.acls.length;
  emit(ctx, {
    principal: account.username,
    resource: null,
    field: "principal",
    kind: "unexpected",
    direction: "escalation",
    expected: null,
    actual: {
      username: account.username,
      status: account.status,
      accountType: account.accountType,
      acls: showAcls(ctx, account.acls),
    },
    message: `${ctx.noun} ${account.username} (${account.status}, ${n} ACL entr${n === 1 ? "y" : "ies"}) exists in the cloud but not in the baseline.${note}`,
  });
}

function compareAccount(
  ctx: TargetContext,
  name: string,
  want: Acl2PrincipalExpectation,
  have: Acl2Principal,
): void {
  if (want.status !== undefined && want.status !== have.status) {
    const direction = have.status === "ENABLE" ? "escalation" : "restriction";
    emitChange(
      ctx,
      { principal: name, resource: null, field: "status" },
      {
        direction,
        expected: want.status,
        actual: have.status,
        message: `${ctx.noun} ${name}: status changed from ${want.status} to ${have.status} (${direction}).`,
      },
    );
  }
  if (want.acls !== undefined) compareAcls(ctx, name, want.acls, have.acls);
}
