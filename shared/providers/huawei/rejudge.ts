// Re-judging a finding carried forward for an unreadable Huawei target (DESIGN.md §5): the state
// the cloud would be in if it matched the current baseline everywhere except where the finding last
// saw it differ. Drift compares that state with the baseline to decide whether to carry the finding.
import type { Finding } from "../../model/finding.ts";
import type { Perm4, Perm4Principal } from "../../model/perm4.ts";
import type { HuaweiTarget, HuaweiTargetOk } from "./target.ts";

type Shown = Record<string, unknown>;

/** The cloud as the baseline expects it, except where the finding last saw it differ. */
export function huaweiStateOf(want: HuaweiTarget, f: Finding): HuaweiTargetOk {
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

function named(perms: Record<string, Perm4> | undefined) {
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
function setPerm(user: Perm4Principal, f: Finding): void {
  const topic = f.field === "topicPerm";
  const list = topic ? user.topicPerms : user.groupPerms;
  const name = (f.resource ?? "").replace(/^(Topic|Group):/, "");
  const perm = f.actual as Perm4;
  const rest = list.filter((p) => p.name !== name);
  const fallback = topic ? user.defaultTopicPerm : user.defaultGroupPerm;
  const next = perm === fallback ? rest : [...rest, { name, perm }];
  if (topic) user.topicPerms = next;
  else user.groupPerms = next;
}

function userFrom(shown: Shown): Perm4Principal {
  const perms = (r: unknown) =>
    Object.entries((r as Record<string, Perm4> | null) ?? {}).map(([name, perm]) => ({
      name,
      perm,
    }));
  return {
    accessKey: String(shown.accessKey),
    admin: shown.admin === true,
    whitelist: String((shown.whitelist as Shown | null)?.pattern ?? ""),
    defaultTopicPerm: shown.defaultTopicPerm as Perm4,
    defaultGroupPerm: shown.defaultGroupPerm as Perm4,
    topicPerms: perms(shown.topicPerms),
    groupPerms: perms(shown.groupPerms),
  };
}
