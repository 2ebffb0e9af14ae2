// Confirmation re-read (DESIGN.md §2): before a NEW drift about a principal is reported and alerted,
// that principal is read again with the point reads (GetInstanceAccount/GetInstanceAcl, ShowUser).
// A change caught half-way through a paged listing then pages nobody, and what gets reported is the
// freshest state. The re-read is merged into the snapshot and the comparison runs again on it, so
// the stored snapshot reproduces the report. `unexpected` findings are not re-read: point reads
// fetch what the baseline names and can neither confirm nor refute an undeclared principal or
// entry. A re-read target that fails leaves the listing as it was — a failed confirmation never
// hides drift (fail closed).
//
// Each target re-reads its own suspects only, never another target's (account names repeat
// across instances; drift does not). A target whose suspects would cost more point reads than its
// listing did is listed again instead: the same fresh data for fewer calls, of which only the
// suspects are taken.
//
// The merge lays the re-read over the listing, per target, for the baseline's principals it was
// asked about (point reads, or a fresh listing of the target from which only those are taken);
// how (whole principals or only the named entries) is the provider module's call. A
// principal the re-read no longer finds is removed.

import type { Baseline, BaselineTarget } from "../baseline/schema.ts";
import { compare } from "../drift/compare.ts";
import type { CompareResult } from "../drift/result.ts";
import type { Logger } from "../log/logger.ts";
import type { Finding } from "../model/finding.ts";
import { type CollectStats, targetKey } from "../model/snapshot.ts";
import { providerOf, type Snapshot, type BaselineTarget as Target } from "../providers/index.ts";
import type { SecretRegistry } from "../providers/redact.ts";
import type { Collected, PrincipalSelection } from "./collect.ts";

export interface ConfirmInput {
  baseline: Baseline;
  snapshot: Snapshot;
  result: CompareResult;
  /** Principal globs of a targeted audit, applied to the final comparison too. */
  principals?: readonly string[];
  /** Finding ids already known from the previous run: those are not new and need no re-read. */
  known: ReadonlySet<string>;
  now: Date;
  collect(
    targets: readonly BaselineTarget[],
    principals: PrincipalSelection,
    logger: Logger,
    secrets: SecretRegistry,
    listed: Snapshot,
  ): Promise<Collected>;
  /** The run's secrets: the re-read's clients blank (and add to) the same set. */
  secrets: SecretRegistry;
  /** Collection stats of the run; the re-read's calls are added to them. */
  stats: Map<string, CollectStats>;
  logger: Logger;
}

export interface Confirmed {
  snapshot: Snapshot;
  result: CompareResult;
}

const rereadable = (f: Finding) =>
  f.principal !== null && f.kind !== "unexpected" && f.kind !== "unreadable";

export async function confirmNewDrift(input: ConfirmInput): Promise<Confirmed> {
  const suspects = input.result.findings.filter(
    (f) => rereadable(f) && f.waiver === null && !input.known.has(f.id),
  );
  if (suspects.length === 0) return { snapshot: input.snapshot, result: input.result };
  const names = suspectsByTarget(suspects);
  const targets = input.baseline.targets.filter((t) => names.has(targetKey(t)));
  const relist = new Set(
    targets.filter((t) => pointReadCost(t, names) > listingCost(t, input.stats)).map(targetKey),
  );
  // Per target: its own suspects with point reads, or `undefined` — list it again.
  const selection = (t: BaselineTarget) =>
    relist.has(targetKey(t)) ? undefined : names.get(targetKey(t));
  // Point reads take the instance settings from the listing: only the principals are in question.
  const again = await input.collect(
    targets,
    selection,
    input.logger,
    input.secrets,
    input.snapshot,
  );
  addStats(input.stats, again.stats);
  const snapshot = mergeReread(input.snapshot, again.snapshot, input.baseline, names);
  const result = compare(input.baseline, snapshot, {
    now: input.now,
    principals: input.principals,
  });
  logOutcome(suspects, result, again.snapshot, input.logger);
  return { snapshot, result };
}

function suspectsByTarget(suspects: readonly Finding[]): Map<string, string[]> {
  const names = new Map<string, Set<string>>();
  for (const f of suspects) {
    const set = names.get(f.target) ?? new Set<string>();
    set.add(f.principal as string);
    names.set(f.target, set);
  }
  return new Map([...names].map(([key, set]) => [key, [...set]]));
}

/** Point reads for a target's suspects, as its provider counts them. */
function pointReadCost(target: BaselineTarget, names: ReadonlyMap<string, string[]>): number {
  return providerOf(target).pointReadCost(target, names.get(targetKey(target)) ?? []);
}

/** What reading the target cost in this run: listing it again costs as much again. */
function listingCost(target: BaselineTarget, stats: ConfirmInput["stats"]): number {
  return stats.get(targetKey(target))?.apiCalls ?? Number.POSITIVE_INFINITY;
}

function addStats(into: ConfirmInput["stats"], more: Collected["stats"]) {
  for (const [key, s] of more) {
    const had = into.get(key) ?? { apiCalls: 0, durationMs: 0 };
    into.set(key, {
      apiCalls: had.apiCalls + s.apiCalls,
      durationMs: had.durationMs + s.durationMs,
    });
  }
}

function logOutcome(suspects: Finding[], result: CompareResult, reread: Snapshot, log: Logger) {
  const confirmed = new Set(result.findings.map((f) => f.id));
  const failed = reread.targets.filter((t) => t.status === "error");
  for (const t of failed) {
    log.warn("confirmation re-read failed; keeping the listing", {
      target: t.instanceId,
      error: t.error,
    });
  }
  for (const f of suspects.filter((s) => !confirmed.has(s.id))) {
    log.info("drift not confirmed by the re-read; dropped", {
      target: f.target,
      principal: f.principal,
      field: f.field,
      id: f.id,
    });
  }
}

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
    if (t.status !== "ok" || again?.status !== "ok" || !target) return t;
    if (again.provider !== t.provider || target.provider !== t.provider) return t;
    const asked = principals.get(targetKey(t)) ?? [];
    return providerOf(t).mergeReread(t, again, target, rereadNames(target, asked));
  });
  return { ...listing, targets };
}

/** The principals a targeted collection of this target actually read: asked for and declared. */
function rereadNames(target: Target, principals: readonly string[]): Set<string> {
  const declared = providerOf(target).principals.expected(target);
  return new Set(principals.filter((p) => declared !== undefined && p in declared));
}
