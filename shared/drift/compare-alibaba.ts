// One Alibaba target: instance settings, then accounts (presence and status), then their ACLs.
import type { AlibabaAccountExpectation, AlibabaTarget } from "../baseline/schema.ts";
import type { AlibabaAccount, AlibabaInstance, AlibabaTargetOk } from "../model/snapshot.ts";
import { addressChange } from "./address-change.ts";
import { compareAcls, showAcl } from "./compare-alibaba-acl.ts";
import { lookalikeNote } from "./confusable.ts";
import { describeList, describeParsed } from "./describe.ts";
import { byString, showAddresses } from "./show.ts";
import { emit, emitChange, type TargetContext } from "./target-context.ts";

type InstanceExpectation = NonNullable<AlibabaTarget["instance"]>;

const INSTANCE = { principal: null, resource: null } as const;

export function compareAlibaba(
  ctx: TargetContext,
  want: AlibabaTarget,
  have: AlibabaTargetOk,
): void {
  if (want.instance !== undefined) compareInstance(ctx, want.instance, have.instance);
  if (want.accounts !== undefined) compareAccounts(ctx, want.accounts, have.accounts);
}

/** `APACHE` (List) and `apache_acl` (Get) name the same ACL type (reference §3.8). */
function normalizeAclTypes(types: readonly string[]): string[] {
  const names = types.map((t) => {
    const lower = t.trim().toLowerCase();
    return lower === "apache" ? "apache_acl" : lower;
  });
  return [...new Set(names)].sort(byString);
}

function compareInstance(
  ctx: TargetContext,
  want: InstanceExpectation,
  have: AlibabaInstance,
): void {
  if (want.aclTypes !== undefined) {
    if (have.aclTypes === undefined) reportUnreported(ctx, "aclTypes", want.aclTypes);
    else compareAclTypes(ctx, want.aclTypes, have.aclTypes);
  }
  if (want.vpcAuthFree !== undefined) {
    if (have.vpcAuthFree === undefined) reportUnreported(ctx, "vpcAuthFree", want.vpcAuthFree);
    else compareVpcAuthFree(ctx, want.vpcAuthFree, have.vpcAuthFree);
  }
  if (want.internetWhitelist !== undefined) {
    compareWhitelist(ctx, "internetWhitelist", want.internetWhitelist, have.internetWhitelist);
  }
  if (want.accessWhitelist !== undefined) {
    if (have.accessWhitelist === undefined) {
      reportUnreported(ctx, "accessWhitelist", want.accessWhitelist);
    } else {
      compareWhitelist(ctx, "accessWhitelist", want.accessWhitelist, have.accessWhitelist);
    }
  }
}

/**
 * The baseline asserts a setting the cloud did not report (`aclInfo` is optional in the API; old
 * snapshots have no access whitelist). Nothing is guessed: the finding says it cannot be checked,
 * `missing` with a `lateral` direction (either way is possible), so high severity.
 */
function reportUnreported(ctx: TargetContext, field: UnreportedField, expected: unknown): void {
  // Shown normalised, as the same expectation is in a `changed` finding.
  const shown =
    field === "aclTypes"
      ? normalizeAclTypes(expected as string[])
      : field === "accessWhitelist"
        ? showAddresses(ctx.values.addressList(expected as string[]), expected as string[])
        : expected;
  emit(ctx, {
    ...INSTANCE,
    field,
    kind: "missing",
    direction: "lateral",
    expected: shown,
    actual: null,
    message: `Alibaba instance ${ctx.key}: the baseline expects ${field} ${JSON.stringify(shown)}, but the cloud does not report it (${UNREPORTED_SOURCE[field]}), so it cannot be checked.`,
  });
}

type UnreportedField = "aclTypes" | "vpcAuthFree" | "accessWhitelist";
const UNREPORTED_SOURCE: Record<UnreportedField, string> = {
  aclTypes: "GetInstance returned no aclInfo.aclTypes",
  vpcAuthFree: "GetInstance returned no aclInfo.defaultVpcAuthFree",
  accessWhitelist: "no ListInstanceIpWhitelist result in the snapshot",
};

function compareAclTypes(ctx: TargetContext, want: readonly string[], have: readonly string[]) {
  const [e, a] = [normalizeAclTypes(want), normalizeAclTypes(have)];
  if (e.join("\n") === a.join("\n")) return;
  emitChange(
    ctx,
    { ...INSTANCE, field: "aclTypes" },
    {
      direction: "lateral",
      expected: e,
      actual: a,
      message: `Alibaba instance ${ctx.key}: ACL types changed from ${describeList(e)} to ${describeList(a)}.`,
    },
  );
}

function compareVpcAuthFree(ctx: TargetContext, want: boolean, have: boolean): void {
  if (want === have) return;
  emitChange(
    ctx,
    { ...INSTANCE, field: "vpcAuthFree" },
    {
      direction: have ? "escalation" : "restriction",
      expected: want,
      actual: have,
      message: have
        ? `Alibaba instance ${ctx.key}: VPC access without authentication was turned on (vpcAuthFree false → true).`
        : `Alibaba instance ${ctx.key}: VPC access without authentication was turned off (vpcAuthFree true → false).`,
    },
  );
}

const WHITELIST_NAME = {
  internetWhitelist: "internet whitelist",
  accessWhitelist: "access-control IP whitelist",
} as const;

/** Both instance whitelists follow the address-set rules: empty means any address. */
function compareWhitelist(
  ctx: TargetContext,
  field: keyof typeof WHITELIST_NAME,
  want: readonly string[],
  have: readonly string[],
): void {
  const expected = ctx.values.addressList(want);
  const actual = ctx.values.addressList(have);
  const change = addressChange(expected, actual);
  if (change === null) return;
  emitChange(
    ctx,
    { ...INSTANCE, field },
    {
      direction: change.direction,
      expected: showAddresses(expected, want),
      actual: showAddresses(actual, have),
      message: `Alibaba instance ${ctx.key}: ${WHITELIST_NAME[field]} ${change.verb} from ${describeParsed(expected)} to ${describeParsed(actual)} (${change.direction}).`,
    },
    { widenedToAllIpv4: change.nowCoversAllIpv4 },
  );
}

/**
 * The cloud lists each account once; if a snapshot repeats one, its ACL lists are combined and it
 * counts as enabled if any copy is (the reading that grants more).
 */
function indexAccounts(ctx: TargetContext, accounts: readonly AlibabaAccount[]) {
  const byName = new Map<string, AlibabaAccount>();
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

function compareAccounts(
  ctx: TargetContext,
  want: Record<string, AlibabaAccountExpectation>,
  have: readonly AlibabaAccount[],
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

function reportMissingAccount(ctx: TargetContext, name: string, want: AlibabaAccountExpectation) {
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
    message: `Alibaba account ${name}${entries} is in the baseline but does not exist in the cloud.`,
  });
}

/** `note`: what a confusable name adds to the message (see `lookalikeNote`). */
function reportUnexpectedAccount(ctx: TargetContext, account: AlibabaAccount, note: string) {
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
    message: `Alibaba account ${account.username} (${account.status}, ${n} ACL entr${n === 1 ? "y" : "ies"}) exists in the cloud but not in the baseline.${note}`,
  });
}

function compareAccount(
  ctx: TargetContext,
  name: string,
  want: AlibabaAccountExpectation,
  have: AlibabaAccount,
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
        message: `Alibaba account ${name}: status changed from ${want.status} to ${have.status} (${direction}).`,
      },
    );
  }
  if (want.acls !== undefined) compareAcls(ctx, name, want.acls, have.acls);
}
