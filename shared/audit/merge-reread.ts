// Lays a confirmation re-read over the listing, giving the snapshot the run finally believes. The
// report is then computed from — and stored beside — this snapshot, so `audit --snapshot` on the
// stored file reproduces it (DESIGN.md §4).
//
// A re-read covers, per target, the baseline's principals it was asked about (point reads, or a
// fresh listing of the target from which only those principals are taken). Huawei's ShowUser
// returns a whole user, so that user replaces the listed one. Alibaba's point reads return only the
// ACL entries the baseline names, so only those entries are replaced; entries the baseline does not
// name (the `unexpected` ones) stay as listed. A principal the re-read no longer finds is removed.
import type { AlibabaTarget, Baseline, BaselineTarget, HuaweiTarget } from "../baseline/schema.ts";
import {
  type AlibabaAccount,
  type AlibabaTargetOk,
  type HuaweiTargetOk,
  type Snapshot,
  type SnapshotTarget,
  targetKey,
} from "../model/snapshot.ts";

export function mergeReread(
  listing: Snapshot,
  reread: Snapshot,
  baseline: Baseline,
  /** Per target key, the principals the re-read was about. */
  principals: ReadonlyMap<string, readonly string[]>,
): Snapshot {
  const fresh = new Map(
    reread.targets.filter((t) => t.status === "ok").map((t) => [targetKey(t), t]),
  );
  const declared = new Map(baseline.targets.map((t) => [targetKey(t), t]));
  const targets = listing.targets.map((t) => {
    const again = fresh.get(targetKey(t));
    const target = declared.get(targetKey(t));
    if (t.status !== "ok" || !again || !target) return t;
    return mergeTarget(t, again, target, principals.get(targetKey(t)) ?? []);
  });
  return { ...listing, targets };
}

function mergeTarget(
  listed: SnapshotTarget & { status: "ok" },
  again: SnapshotTarget,
  target: BaselineTarget,
  principals: readonly string[],
): SnapshotTarget {
  if (listed.provider === "huawei" && again.provider === "huawei" && target.provider === "huawei") {
    return mergeHuawei(listed, again as HuaweiTargetOk, reread(target, principals));
  }
  if (
    listed.provider === "alibaba" &&
    again.provider === "alibaba" &&
    target.provider === "alibaba"
  ) {
    return mergeAlibaba(listed, again as AlibabaTargetOk, target, reread(target, principals));
  }
  return listed;
}

/** The principals a targeted collection of this target actually read: asked for and declared. */
function reread(target: AlibabaTarget | HuaweiTarget, principals: readonly string[]): Set<string> {
  const declared = target.provider === "alibaba" ? target.accounts : target.users;
  return new Set(principals.filter((p) => declared !== undefined && p in declared));
}

function mergeHuawei(
  listed: HuaweiTargetOk,
  again: HuaweiTargetOk,
  names: Set<string>,
): HuaweiTargetOk {
  const kept = listed.users.filter((u) => !names.has(u.accessKey));
  const fresh = again.users.filter((u) => names.has(u.accessKey));
  return { ...listed, users: [...kept, ...fresh] };
}

function mergeAlibaba(
  listed: AlibabaTargetOk,
  again: AlibabaTargetOk,
  target: AlibabaTarget,
  names: Set<string>,
): AlibabaTargetOk {
  const fresh = new Map(
    again.accounts.filter((a) => names.has(a.username)).map((a) => [a.username, a]),
  );
  const accounts: AlibabaAccount[] = [];
  for (const account of listed.accounts) {
    if (!names.has(account.username)) accounts.push(account);
    else if (fresh.has(account.username)) {
      accounts.push(overlay(account, fresh.get(account.username) as AlibabaAccount, target));
      fresh.delete(account.username);
    }
  }
  // Principals that appeared only in the re-read (created mid-run) join as read.
  return { ...listed, accounts: [...accounts, ...fresh.values()] };
}

const resourceKey = (r: string) => r.replace(/^(topic|group):/i, (m) => m.toLowerCase());

function overlay(
  listed: AlibabaAccount,
  again: AlibabaAccount,
  target: AlibabaTarget,
): AlibabaAccount {
  const named = new Set(
    (target.accounts?.[listed.username]?.acls ?? []).map((a) => resourceKey(a.resource)),
  );
  return {
    ...listed,
    status: again.status,
    acls: [...listed.acls.filter((e) => !named.has(resourceKey(e.resource))), ...again.acls],
  };
}
