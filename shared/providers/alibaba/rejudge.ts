// Re-judging a finding carried forward for an unreadable Alibaba target (DESIGN.md §5): the state
// the cloud would be in if it matched the current baseline everywhere except where the finding last
// saw it differ. Drift compares that state with the baseline to decide whether to carry the finding.
import type { Acl2Entry, Acl2EntryExpectation, Acl2Principal } from "../../model/acl2.ts";
import type { Finding } from "../../model/finding.ts";
import type { AlibabaTarget, AlibabaTargetOk } from "./target.ts";

type Shown = Record<string, unknown>;

/** The cloud as the baseline expects it, except where the finding last saw it differ. */
export function alibabaStateOf(want: AlibabaTarget, f: Finding): AlibabaTargetOk {
  const i = want.instance ?? {};
  const state: AlibabaTargetOk = {
    provider: "alibaba",
    region: want.region,
    instanceId: want.instanceId,
    status: "ok",
    error: null,
    instance: {
      aclTypes: i.aclTypes ?? [],
      vpcAuthFree: i.vpcAuthFree ?? false,
      internetWhitelist: i.internetWhitelist ?? [],
      accessWhitelist: i.accessWhitelist ?? [],
    },
    accounts: Object.entries(want.accounts ?? {}).map(([username, e]) => ({
      username,
      status: e.status ?? "ENABLE",
      accountType: "CUSTOMER",
      acls: (e.acls ?? []).map(expectedAcl),
    })),
  };
  applyAlibaba(state, f);
  return state;
}

function expectedAcl(a: Acl2EntryExpectation): Acl2Entry {
  return {
    resource: a.resource,
    decision: a.decision,
    actions: a.actions ?? [],
    ipWhitelists: a.ipWhitelists ?? [],
  };
}

/** Puts the finding's cloud side (`actual`, or the absence it records) into the expected state. */
function applyAlibaba(state: AlibabaTargetOk, f: Finding): void {
  if (f.principal === null) {
    const instance = state.instance as Record<string, unknown>;
    if (f.kind === "missing") delete instance[f.field];
    else instance[f.field] = f.field.endsWith("Whitelist") ? addresses(f.actual) : f.actual;
    return;
  }
  if (f.field === "principal") {
    state.accounts = state.accounts.filter((a) => a.username !== f.principal);
    if (f.kind === "unexpected") state.accounts.push(accountFrom(f.actual as Shown));
    return;
  }
  const account = state.accounts.find((a) => a.username === f.principal);
  if (account === undefined) return;
  if (f.field === "status") {
    account.status = f.actual as Acl2Principal["status"];
    return;
  }
  applyAcl2Entry(account, f);
}

function applyAcl2Entry(account: Acl2Principal, f: Finding): void {
  const index = account.acls.findIndex((a) => a.resource === f.resource);
  if (f.field === "acl") {
    if (index >= 0) account.acls.splice(index, 1);
    if (f.kind === "unexpected") account.acls.push(aclFrom(f.actual as Shown));
    return;
  }
  const entry = account.acls[index];
  if (entry === undefined) return;
  if (f.field === "decision")
    Object.assign(entry, aclFrom({ ...(f.actual as Shown), resource: entry.resource }));
  else if (f.field === "actions") entry.actions = f.actual as string[];
  else if (f.field === "ipWhitelists") entry.ipWhitelists = addresses(f.actual);
}

function accountFrom(shown: Shown): Acl2Principal {
  return {
    username: String(shown.username),
    status: shown.status as Acl2Principal["status"],
    accountType: String(shown.accountType),
    acls: ((shown.acls as Shown[] | undefined) ?? []).map(aclFrom),
  };
}

function aclFrom(shown: Shown): Acl2Entry {
  return {
    resource: String(shown.resource),
    decision: shown.decision as Acl2Entry["decision"],
    actions: (shown.actions as string[] | null) ?? [],
    ipWhitelists: addresses(shown.ipWhitelists ?? []),
  };
}

/** A shown address list: the canonical list, or the raw entries of one that did not parse. */
function addresses(shown: unknown): string[] {
  if (Array.isArray(shown)) return shown as string[];
  return ((shown as { entries?: string[] } | null)?.entries ?? []) as string[];
}
