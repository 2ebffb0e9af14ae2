// Confirmation re-read (DESIGN.md §2): before a NEW drift about a principal is reported and alerted,
// that principal is read again with the point reads (GetInstanceAccount/GetInstanceAcl, ShowUser).
// A change caught half-way through a paged listing then pages nobody, and what gets reported is the
// freshest state. The re-read is merged into the snapshot and the comparison runs again on it, so
// the stored snapshot reproduces the report. `unexpected` findings are not re-read: point reads
// fetch what the baseline names and can neither confirm nor refute an undeclared principal or
// entry. A re-read target that fails leaves the listing as it was — a failed confirmation never
// hides drift (fail closed).
import type { Baseline, BaselineTarget } from "../baseline/schema.ts";
import { compare } from "../drift/compare.ts";
import type { CompareResult } from "../drift/result.ts";
import type { Logger } from "../log/logger.ts";
import type { Finding } from "../model/finding.ts";
import { type Snapshot, targetKey } from "../model/snapshot.ts";
import type { SecretRegistry } from "../providers/redact.ts";
import type { Collected } from "./collect.ts";
import { mergeReread } from "./merge-reread.ts";

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
    principals: readonly string[],
    logger: Logger,
    secrets: SecretRegistry,
  ): Promise<Collected>;
  /** The run's secrets: the re-read's clients blank (and add to) the same set. */
  secrets: SecretRegistry;
  /** Collection stats of the run; the re-read's calls are added to them. */
  stats: Map<string, { apiCalls: number; durationMs: number }>;
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
  const keys = new Set(suspects.map((f) => f.target));
  const targets = input.baseline.targets.filter((t) => keys.has(targetKey(t)));
  const principals = [...new Set(suspects.map((f) => f.principal as string))];
  const again = await input.collect(targets, principals, input.logger, input.secrets);
  addStats(input.stats, again.stats);
  const snapshot = mergeReread(input.snapshot, again.snapshot, input.baseline, principals);
  const result = compare(input.baseline, snapshot, {
    now: input.now,
    principals: input.principals,
  });
  logOutcome(suspects, result, again.snapshot, input.logger);
  return { snapshot, result };
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
