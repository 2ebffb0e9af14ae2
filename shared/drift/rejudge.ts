// Re-judging a finding carried forward for a target that could not be read this run (DESIGN.md §5):
// the cloud was not looked at, but the baseline may have changed since the finding was made. The
// engine itself decides: the target's cloud state is rebuilt as "what the current baseline expects,
// except where this finding last saw the cloud differ", compared with the current baseline, and the
// finding is kept only if the comparison still produces it (same id). So what the current baseline
// now accepts, or no longer names, is not carried; what it still contradicts is carried with the
// current expectation, severity and waiver.
import type {
  AlibabaAclExpectation,
  AlibabaTarget,
  Baseline,
  HuaweiTarget,
} from "../baseline/schema.ts";
import type { Finding } from "../model/finding.ts";
import type {
  AlibabaAccount,
  AlibabaAcl,
  AlibabaTargetOk,
  HuaweiPerm,
  HuaweiTargetOk,
  HuaweiUser,
  SnapshotTarget,
} from "../model/snapshot.ts";
import { targetKey } from "../model/snapshot.ts";
import { compare } from "./compare.ts";

type Shown = Record<string, unknown>;

/** The finding as the current baseline judges it, or null when it would not be reported. */
export function rejudgeCarried(finding: Finding, baseline: Baseline, now: Date): Finding | null {
  const target = baseline.targets.find((t) => targetKey(t) === finding.target);
  if (target === undefined || finding.kind === "unreadable") return null;
  const state =
    target.provider === "alibaba" ? alibabaState(target, finding) : huaweiState(target, finding);
  const result = compare(
    { ...baseline, targets: [target] },
    { schemaVersion: 1, collectedAt: now.toISOString(), targets: [state] },
    { now },
  );
  return result.findings.find((f) => f.id === finding.id) ?? null;
}

function alibabaState(want: AlibabaTarget, f: Finding): SnapshotTarget {
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

function expectedAcl(a: AlibabaAclExpectation): AlibabaAcl {
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
    account.status = f.actual as AlibabaAccount["status"];
    return;
  }
  applyAlibabaAcl(account, f);
}

function applyAlibabaAcl(account: AlibabaAccount, f: Finding): void {
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

function accountFrom(shown: Shown): AlibabaAccount {
  return {
    username: String(shown.username),
    status: shown.status as AlibabaAccount["status"],
    accountType: String(shown.accountType),
    acls: ((shown.acls as Shown[] | undefined) ?? []).map(aclFrom),
  };
}

function aclFrom(shown: Shown): AlibabaAcl {
  return {
    resource: String(shown.resource),
    decision: shown.decision as AlibabaAcl["decision"],
    actions: (shown.actions as string[] | null) ?? [],
    ipWhitelists: addresses(shown.ipWhitelists ?? []),
  };
}

/** A shown address list: the canonical list, or the raw entries of one that did not parse. */
function addresses(shown: unknown): string[] {
  if (Array.isArray(shown)) return shown as string[];
  return ((shown as { entries?: string[] } | null)?.entries ?? []) as string[];
}

function huaweiState(want: HuaweiTarget, f: Finding): SnapshotTarget {
  const state: HuaweiTargetOk = {
    provider: "huawei",
    region: want.region,
    projectId: want.projectId,
    instanceId: want.instanceId,
    status: "ok",
    error: null,
    instance: { aclEnabled: want.instance?.aclEnabled ?? true },
    users: Object.entries(want.users ?? {}).map(([accessKey, e]) => ({
      accessKey,
      admin: e.admin ?? false,
      whitelist: e.whitelist ?? "",
      defaultTopicPerm: e.defaultTopicPerm ?? "DENY",
      defaultGroupPerm: e.defaultGroupPerm ?? "DENY",
      topicPerms: named(e.topicPerms),
      groupPerms: named(e.groupPerms),
    })),
  };
  applyHuawei(state, f);
  return state;
}

function named(perms: Record<string, HuaweiPerm> | undefined) {
  return Object.entries(perms ?? {}).map(([name, perm]) => ({ name, perm }));
}

function applyHuawei(state: HuaweiTargetOk, f: Finding): void {
  if (f.principal === null) {
    if (f.field === "aclEnabled") state.instance.aclEnabled = f.actual as boolean;
    return;
  }
  if (f.field === "principal") {
    state.users = state.users.filter((u) => u.accessKey !== f.principal);
    if (f.kind === "unexpected") state.users.push(userFrom(f.actual as Shown));
    return;
  }
  const user = state.users.find((u) => u.accessKey === f.principal);
  if (user === undefined) return;
  if (f.field === "whitelist") user.whitelist = String((f.actual as Shown).pattern);
  else if (f.field === "topicPerm" || f.field === "groupPerm") setPerm(user, f);
  else (user as unknown as Record<string, unknown>)[f.field] = f.actual;
}

/**
 * The effective permission the finding saw; one equal to the (expected) default is read as the
 * default. A finding does not record whether the cloud's value was explicit, so the message's
 * "(default)" note may differ from the original; the values and severity do not.
 */
function setPerm(user: HuaweiUser, f: Finding): void {
  const topic = f.field === "topicPerm";
  const list = topic ? user.topicPerms : user.groupPerms;
  const name = (f.resource ?? "").replace(/^(Topic|Group):/, "");
  const perm = f.actual as HuaweiPerm;
  const rest = list.filter((p) => p.name !== name);
  const fallback = topic ? user.defaultTopicPerm : user.defaultGroupPerm;
  const next = perm === fallback ? rest : [...rest, { name, perm }];
  if (topic) user.topicPerms = next;
  else user.groupPerms = next;
}

function userFrom(shown: Shown): HuaweiUser {
  const perms = (r: unknown) =>
    Object.entries((r as Record<string, HuaweiPerm> | null) ?? {}).map(([name, perm]) => ({
      name,
      perm,
    }));
  return {
    accessKey: String(shown.accessKey),
    admin: shown.admin === true,
    whitelist: String((shown.whitelist as Shown | null)?.pattern ?? ""),
    defaultTopicPerm: shown.defaultTopicPerm as HuaweiPerm,
    defaultGroupPerm: shown.defaultGroupPerm as HuaweiPerm,
    topicPerms: perms(shown.topicPerms),
    groupPerms: perms(shown.groupPerms),
  };
}
