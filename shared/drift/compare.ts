// The drift engine: baseline × snapshot → findings (DESIGN.md §5). Pure: no I/O, clock or env;
// the same input gives byte-identical output.
import type { Baseline } from "../baseline/schema.ts";
import { anyGlob } from "../match/glob.ts";
import type { Finding } from "../model/finding.ts";
import { targetKey } from "../model/snapshot.ts";
import {
  type AnyProviderModule,
  type BaselineTarget,
  providerOf,
  type Snapshot,
  type SnapshotTarget,
  type SnapshotTargetOk,
} from "../providers/index.ts";
import { compareAcl2Principals } from "./acl2.ts";
import { compareDiscovered } from "./discovered.ts";
import { findingId } from "./finding-id.ts";
import { compareInstance } from "./instance.ts";
import { comparePerm4Principals } from "./perm4.ts";
import type { CompareOptions, CompareResult, TargetResult } from "./result.ts";
import type { Draft, TargetContext } from "./target-context.ts";
import { notCollectedError, unreadableDraft } from "./unreadable.ts";
import { ValueCache } from "./value-cache.ts";
import { findWaiver, planWaivers, type WaiverPlan } from "./waivers.ts";

export function compare(
  baseline: Baseline,
  snapshot: Snapshot,
  options: CompareOptions,
): CompareResult {
  const plan = planWaivers(baseline.waivers ?? [], options.now);
  const collected = indexSnapshot(snapshot);
  const includePrincipal = principalFilter(options.principals);
  const values = new ValueCache();
  const drafts: Draft[] = [];
  const targets = baseline.targets.map((target) => {
    const reportUnmanaged =
      (target.unmanaged ?? baseline.defaults?.unmanaged ?? "report") === "report";
    const ctx: TargetContext = {
      key: targetKey(target),
      label: providerOf(target).label,
      noun: providerOf(target).principals.noun,
      reportUnmanaged,
      includePrincipal,
      values,
      drafts,
    };
    return compareTarget(ctx, target, collected.get(ctx.key));
  });
  targets.push(...compareDiscovered(baseline, snapshot.discovery ?? [], collected, drafts));
  const findings = finalize(drafts, plan);
  const unreadable = targets.some((t) => t.status === "unreadable");
  const status = unreadable
    ? "incomplete"
    : findings.some((f) => f.waiver === null)
      ? "drift"
      : "clean";
  return { findings, expiredWaivers: plan.expired, status, targets };
}

/** A key repeated in a snapshot reads as its first occurrence. */
function indexSnapshot(snapshot: Snapshot): Map<string, SnapshotTarget> {
  const byKey = new Map<string, SnapshotTarget>();
  for (const target of snapshot.targets) {
    const key = targetKey(target);
    if (!byKey.has(key)) byKey.set(key, target);
  }
  return byKey;
}

/** No globs (absent or empty) compares every principal. */
function principalFilter(globs: readonly string[] | undefined): (name: string) => boolean {
  if (globs === undefined || globs.length === 0) return () => true;
  return anyGlob(globs);
}

function compareTarget(
  ctx: TargetContext,
  target: BaselineTarget,
  collected: SnapshotTarget | undefined,
): TargetResult {
  const base = { key: ctx.key, name: target.name ?? null };
  // The key includes the provider, so a provider mismatch cannot happen; it narrows the types.
  if (
    collected === undefined ||
    collected.status === "error" ||
    collected.provider !== target.provider
  ) {
    const error = collected?.status === "error" ? collected.error : notCollectedError();
    ctx.drafts.push(unreadableDraft(ctx.key, error));
    return { ...base, status: "unreadable", error, principals: 0, entries: 0 };
  }
  const provider = providerOf(target);
  compareInstance(ctx, provider.instanceRules, target, collected);
  comparePrincipals(ctx, provider, target, collected);
  return { ...base, status: "ok", error: null, ...provider.counts(collected) };
}

/** Principals are compared by the permission model the provider's cloud uses, not by cloud. */
function comparePrincipals(
  ctx: TargetContext,
  provider: AnyProviderModule,
  target: BaselineTarget,
  collected: SnapshotTargetOk,
): void {
  const access = provider.principals;
  if (access.model === "acl2") {
    const want = access.expected(target);
    if (want !== undefined) compareAcl2Principals(ctx, want, access.actual(collected));
  } else {
    const want = access.expected(target);
    if (want !== undefined) comparePerm4Principals(ctx, want, access.actual(collected));
  }
}

function byNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function byPosition(a: Draft, b: Draft): number {
  return (
    byNullable(a.target, b.target) ||
    byNullable(a.principal, b.principal) ||
    byNullable(a.resource, b.resource) ||
    byNullable(a.field, b.field) ||
    byNullable(a.kind, b.kind)
  );
}

/** Sorts by target, principal, resource, field, kind (nulls first; code-unit order), adds ids and waivers. */
function finalize(drafts: Draft[], plan: WaiverPlan): Finding[] {
  drafts.sort(byPosition);
  return drafts.map((d) => ({
    id: findingId(d.target, d.principal, d.resource, d.field, d.kind),
    target: d.target,
    principal: d.principal,
    resource: d.resource,
    field: d.field,
    kind: d.kind,
    direction: d.direction,
    severity: d.severity,
    expected: d.expected,
    actual: d.actual,
    message: d.message,
    waiver: findWaiver(plan, d),
  }));
}
