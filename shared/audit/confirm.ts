// Confirmation re-read (DESIGN.md §2): before a NEW drift about a principal is reported and alerted,
// that principal is read again with the point reads (GetInstanceAccount/GetInstanceAcl, ShowUser).
// A change caught half-way through a paged listing then pages nobody, and what gets reported is the
// freshest state. `unexpected` findings are left as they are: point reads fetch what the baseline
// names, so they can neither confirm nor refute an undeclared principal or entry. A re-read that
// fails keeps the original findings — a failed confirmation never hides drift (fail closed).
import type { Baseline, BaselineTarget } from "../baseline/schema.ts";
import { compare } from "../drift/compare.ts";
import type { CompareResult } from "../drift/result.ts";
import type { Logger } from "../log/logger.ts";
import type { Finding } from "../model/finding.ts";
import { targetKey } from "../model/snapshot.ts";
import type { Collected } from "./collect.ts";

export interface ConfirmInput {
  baseline: Baseline;
  result: CompareResult;
  /** Finding ids already known from the previous run: those are not new and need no re-read. */
  known: ReadonlySet<string>;
  now: Date;
  collect(
    targets: readonly BaselineTarget[],
    principals: readonly string[],
    logger: Logger,
  ): Promise<Collected>;
  /** Collection stats of the run; the re-read's calls are added to them. */
  stats: Map<string, { apiCalls: number; durationMs: number }>;
  logger: Logger;
}

const pair = (f: Pick<Finding, "target" | "principal">) => `${f.target}\u0000${f.principal}`;
const rereadable = (f: Finding) =>
  f.principal !== null && f.kind !== "unexpected" && f.kind !== "unreadable";

export async function confirmNewDrift(input: ConfirmInput): Promise<CompareResult> {
  const suspects = input.result.findings.filter(
    (f) => rereadable(f) && f.waiver === null && !input.known.has(f.id),
  );
  if (suspects.length === 0) return input.result;
  const keys = new Set(suspects.map((f) => f.target));
  const targets = input.baseline.targets.filter((t) => keys.has(targetKey(t)));
  const principals = [...new Set(suspects.map((f) => f.principal as string))];
  const reread = await input.collect(targets, principals, input.logger);
  addStats(input.stats, reread.stats);
  const readable = new Set(
    reread.snapshot.targets.filter((t) => t.status === "ok").map((t) => targetKey(t)),
  );
  const replaced = new Set(suspects.filter((f) => readable.has(f.target)).map(pair));
  const again = compare({ ...input.baseline, targets }, reread.snapshot, {
    now: input.now,
    principals,
  }).findings.filter((f) => rereadable(f) && replaced.has(pair(f)));
  const findings = [
    ...input.result.findings.filter((f) => !(rereadable(f) && replaced.has(pair(f)))),
    ...again,
  ];
  logUnconfirmed(suspects, new Set(again.map((f) => f.id)), readable, input.logger);
  return { ...input.result, findings, status: statusOf(input.result, findings) };
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

function statusOf(result: CompareResult, findings: Finding[]): CompareResult["status"] {
  if (result.targets.some((t) => t.status === "unreadable")) return "incomplete";
  return findings.some((f) => f.waiver === null) ? "drift" : "clean";
}

function logUnconfirmed(
  suspects: Finding[],
  confirmed: Set<string>,
  readable: Set<string>,
  log: Logger,
) {
  for (const f of suspects) {
    if (!readable.has(f.target)) {
      log.warn("confirmation re-read failed; keeping the finding", { target: f.target, id: f.id });
    } else if (!confirmed.has(f.id)) {
      log.info("drift not confirmed by the re-read; dropped", {
        target: f.target,
        principal: f.principal,
        field: f.field,
        id: f.id,
      });
    }
  }
}
