// Builders for baselines and snapshots of both providers, with sensible defaults.

import type { Baseline, BaselineTarget } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import type { CompareOptions, CompareResult } from "../../shared/drift/result.ts";
import type { Acl2Principal } from "../../shared/model/acl2.ts";
import type { Perm4Principal, Perm4PrincipalExpectation } from "../../shared/model/perm4.ts";
import type { AlibabaTarget, AlibabaTargetOk } from "../../shared/providers/alibaba/target.ts";
import type { HuaweiTarget, HuaweiTargetOk } from "../../shared/providers/huawei/target.ts";
import type { Snapshot, SnapshotTarget } from "../../shared/providers/index.ts";

export const NOW = new Date("2026-11-25T03:00:00Z");
export const ALI_KEY = "alibaba/cn-hangzhou/rmq-cn-1";
export const HW_KEY = "huawei/cn-north-4/inst-1";

export function aliTarget(over: Partial<AlibabaTarget> = {}): AlibabaTarget {
  return { provider: "alibaba", region: "cn-hangzhou", instanceId: "rmq-cn-1", ...over };
}

export function aliSnap(over: Partial<AlibabaTargetOk> = {}): AlibabaTargetOk {
  return {
    provider: "alibaba",
    region: "cn-hangzhou",
    instanceId: "rmq-cn-1",
    status: "ok",
    error: null,
    instance: { aclTypes: ["apache_acl"], vpcAuthFree: false, internetWhitelist: [] },
    accounts: [],
    ...over,
  };
}

export function account(username: string, over: Partial<Acl2Principal> = {}): Acl2Principal {
  return { username, status: "ENABLE", accountType: "CUSTOMER", acls: [], ...over };
}

export function hwTarget(over: Partial<HuaweiTarget> = {}): HuaweiTarget {
  return {
    provider: "huawei",
    region: "cn-north-4",
    projectId: "p1",
    instanceId: "inst-1",
    ...over,
  };
}

export function hwSnap(over: Partial<HuaweiTargetOk> = {}): HuaweiTargetOk {
  return {
    provider: "huawei",
    region: "cn-north-4",
    projectId: "p1",
    instanceId: "inst-1",
    status: "ok",
    error: null,
    instance: { aclEnabled: true },
    users: [],
    ...over,
  };
}

export function hwUser(accessKey: string, over: Partial<Perm4Principal> = {}): Perm4Principal {
  return {
    accessKey,
    admin: false,
    whitelist: "",
    defaultTopicPerm: "DENY",
    defaultGroupPerm: "DENY",
    topicPerms: [],
    groupPerms: [],
    ...over,
  };
}

/** A Huawei target expecting exactly one user. */
export function hwWith(name: string, user: Perm4PrincipalExpectation): HuaweiTarget {
  return hwTarget({ users: { [name]: user } });
}

export function baselineOf(targets: BaselineTarget[], extra: Partial<Baseline> = {}): Baseline {
  return { version: 1, targets, ...extra };
}

export function snapshotOf(targets: SnapshotTarget[]): Snapshot {
  return { schemaVersion: 1, collectedAt: "2026-11-25T03:00:00Z", targets };
}

/** Compares one baseline target with one snapshot target. */
export function run1(
  target: BaselineTarget,
  snap: SnapshotTarget,
  options: Partial<CompareOptions> = {},
): CompareResult {
  return compare(baselineOf([target]), snapshotOf([snap]), { now: NOW, ...options });
}

/** The findings as compact tuples: field, kind, direction, severity, resource. */
export function summary(result: CompareResult): string[] {
  return result.findings.map((f) =>
    [f.principal ?? "-", f.resource ?? "-", f.field, f.kind, f.direction ?? "-", f.severity].join(
      " ",
    ),
  );
}
