// Assembles the report (DESIGN.md §6) from one comparison, the collection stats and the previous report.
import type { CompareResult, TargetResult } from "../drift/result.ts";
import type { Finding, RunStatus } from "../model/finding.ts";
import type { Remediation } from "../model/remediation.ts";
import type { CollectStats } from "../model/snapshot.ts";
import { applyHistory } from "./history.ts";
import {
  type Delivery,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportFinding,
  type ReportShard,
  type ReportTarget,
  type ResolvedFinding,
  type RunWarning,
  type SeverityCounts,
  type Summary,
  type Trigger,
} from "./schema.ts";

/** `startedAt` is the moment a new finding is first seen: it names the run that saw it. */
export interface BuildReportInput {
  runId: string;
  trigger: Trigger;
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  baseline: { source: string; sha256: string };
  compare: CompareResult;
  /** Per target key; a target without an entry made no calls (0 / 0). */
  collection: ReadonlyMap<string, CollectStats> | Readonly<Record<string, CollectStats>>;
  previous: Report | null;
  /**
   * Narrows which previous findings this run could have resolved, for targeted audits (`--principal`).
   * Targets outside `compare.targets` are always out of scope.
   */
  inScope?: (finding: Pick<Finding, "target" | "principal" | "kind">) => boolean;
  /** Credentials profile by target key, for targets read with one. */
  credentials?: ReadonlyMap<string, string>;
  /** Ids of the baseline's waivers in effect this run (for findings carried from unreadable targets). */
  activeWaivers?: readonly string[];
  /** Remediation for each finding, carried-forward ones included (see `remediationFor`). */
  remediate?: (finding: Finding) => Remediation;
  /** A full audit (no target or principal filter): only then are unmatched waivers "unused". */
  fullAudit?: boolean;
  /** Re-judges findings carried for unreadable targets against the current baseline. */
  rejudge?: (finding: Finding) => Finding | null;
  warnings?: readonly RunWarning[];
  /** Fan-out runs: the shards the targets were collected in. */
  shards?: readonly ReportShard[];
}

export function buildReport(input: BuildReportInput): Report {
  const { compare } = input;
  const audited = new Set(compare.targets.map((t) => t.key));
  const history = applyHistory(compare.findings, input.previous, input.startedAt, {
    unreadableTargets: compare.targets.filter((t) => t.status === "unreadable").map((t) => t.key),
    inScope: (f) => audited.has(f.target) && (input.inScope?.(f) ?? true),
    activeWaivers: input.activeWaivers && new Set(input.activeWaivers),
    rejudge: input.rejudge,
  });
  const targets = compare.targets.map((t) =>
    toReportTarget(t, statsFor(input.collection, t.key), input.credentials?.get(t.key)),
  );
  const findings = input.remediate
    ? withRemediation(history.findings, input.remediate)
    : history.findings;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "rmq-drift", version: input.toolVersion },
    runId: input.runId,
    trigger: input.trigger,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    baseline: { source: input.baseline.source, sha256: input.baseline.sha256 },
    status: statusOf(compare.status, targets, findings),
    summary: summarize(targets, findings, history.resolved),
    targets,
    findings,
    resolved: history.resolved,
    expiredWaivers: [...compare.expiredWaivers],
    ...(input.fullAudit
      ? { unusedWaivers: unusedWaivers(input.activeWaivers, history.findings) }
      : {}),
    warnings: [...(input.warnings ?? [])],
    ...(input.shards ? { shards: [...input.shards] } : {}),
    delivery: { alerts: [] },
  };
}

function withRemediation(
  findings: readonly ReportFinding[],
  remediate: (finding: Finding) => Remediation,
): ReportFinding[] {
  return findings.map(({ remediation: _old, ...f }) => ({ ...f, remediation: remediate(f) }));
}

/** Active waivers no finding of this run carries (carried-forward findings count). */
function unusedWaivers(active: readonly string[] = [], findings: readonly ReportFinding[]) {
  const used = new Set(findings.flatMap((f) => (f.waiver ? [f.waiver.id] : [])));
  return [...new Set(active)].filter((id) => !used.has(id)).sort();
}

/** The same report with the alert deliveries recorded (alerts go out after the report is built). */
export function withDelivery(report: Report, delivery: Delivery): Report {
  return { ...report, delivery };
}

function statsFor(collection: BuildReportInput["collection"], key: string): CollectStats {
  const stats =
    collection instanceof Map
      ? collection.get(key)
      : Object.hasOwn(collection, key)
        ? (collection as Readonly<Record<string, CollectStats>>)[key]
        : undefined;
  return stats ?? { apiCalls: 0, durationMs: 0 };
}

function toReportTarget(
  t: TargetResult,
  stats: CollectStats,
  credentials: string | undefined,
): ReportTarget {
  return {
    key: t.key,
    name: t.name,
    ...(credentials === undefined ? {} : { credentials }),
    status: t.status,
    error: t.error,
    principals: t.principals,
    entries: t.entries,
    apiCalls: stats.apiCalls,
    durationMs: stats.durationMs,
  };
}

// Recomputed from the report's own data so status and summary can never disagree; the engine's status
// is kept when it is worse (it may know something the targets list does not show).
function statusOf(
  engine: RunStatus,
  targets: ReportTarget[],
  findings: ReportFinding[],
): RunStatus {
  if (engine === "incomplete" || targets.some((t) => t.status === "unreadable"))
    return "incomplete";
  return findings.some((f) => f.waiver === null) ? "drift" : "clean";
}

export function countBySeverity(findings: readonly ReportFinding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) if (f.waiver === null) counts[f.severity] += 1;
  return counts;
}

function summarize(
  targets: ReportTarget[],
  findings: ReportFinding[],
  resolved: ResolvedFinding[],
): Summary {
  const unwaived = findings.filter((f) => f.waiver === null);
  return {
    targets: targets.length,
    unreadable: targets.filter((t) => t.status === "unreadable").length,
    principals: targets.reduce((n, t) => n + t.principals, 0),
    entries: targets.reduce((n, t) => n + t.entries, 0),
    findings: countBySeverity(findings),
    new: unwaived.filter((f) => f.state === "new").length,
    persisting: unwaived.filter((f) => f.state === "persisting").length,
    resolved: resolved.length,
    waived: findings.length - unwaived.length,
  };
}
