// Whether a run alerts, and about what (DESIGN.md §5, §7). Only what is new is worth a message:
// - findings that are new this run, unwaived, at or above the threshold. A finding whose waiver was
//   removed (previously waived, now not) counts as new too: it just started counting.
// - waivers that expired this run and were not already expired in the previous run (alert once).
// - unreadable targets, on EVERY run while they stay unreadable: the audit is blind there, and a
//   repeated reminder is the point (fail closed). They alert whatever the threshold.
// An unchanged second run therefore sends nothing, unless a target is still unreadable.
import { type ExpiredWaiver, SEVERITY_RANK, type Severity } from "../../model/finding.ts";
import type { Report, ReportFinding } from "../../report/schema.ts";
import type { UnreadableTarget } from "./channel.ts";

export interface AlertDecision {
  report: Pick<Report, "runId" | "status" | "finishedAt" | "summary">;
  minSeverity: Severity;
  /** Alerting findings, most severe first, then in report order. */
  findings: ReportFinding[];
  unreadable: UnreadableTarget[];
  expiredWaivers: ExpiredWaiver[];
}

/** `null` means send nothing. */
export function decideAlert(
  report: Report,
  previous: Report | null,
  minSeverity: Severity,
): AlertDecision | null {
  const findings = alertingFindings(report, previous, minSeverity);
  const unreadable = unreadableTargets(report);
  const expiredWaivers = newlyExpired(report, previous);
  if (findings.length === 0 && unreadable.length === 0 && expiredWaivers.length === 0) return null;
  const { runId, status, finishedAt, summary } = report;
  return {
    report: { runId, status, finishedAt, summary },
    minSeverity,
    findings,
    unreadable,
    expiredWaivers,
  };
}

function alertingFindings(
  report: Report,
  previous: Report | null,
  minSeverity: Severity,
): ReportFinding[] {
  const threshold = SEVERITY_RANK[minSeverity];
  const wasWaived = new Set(
    (previous?.findings ?? []).filter((f) => f.waiver !== null).map((f) => f.id),
  );
  const picked = report.findings.filter(
    (f) =>
      f.kind !== "unreadable" &&
      f.waiver === null &&
      SEVERITY_RANK[f.severity] >= threshold &&
      (f.state === "new" || wasWaived.has(f.id)),
  );
  // Stable sort: report order (target, principal, …) survives within one severity.
  return picked.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

function unreadableTargets(report: Report): UnreadableTarget[] {
  return report.targets
    .filter((t) => t.status === "unreadable")
    .map((t) => ({
      target: t.key,
      name: t.name ?? null,
      code: t.error?.code ?? null,
      message: t.error?.message ?? null,
    }));
}

function newlyExpired(report: Report, previous: Report | null): ExpiredWaiver[] {
  const before = new Set((previous?.expiredWaivers ?? []).map((w) => w.id));
  return report.expiredWaivers.filter((w) => !before.has(w.id));
}
