// Exit codes of `rmq-drift audit` (DESIGN.md §8): 0 clean, 2 drift at/above --fail-on, 3 incomplete,
// 1 error (set by the caller when something throws), and 4: the audit itself passed, but an alert was
// not delivered (it waits in the outbox). The audit's own verdict wins: 3 and 2 are never hidden
// behind 4, and the summary and logs report the delivery failure either way.
import { SEVERITY_RANK, type Severity } from "../model/finding.ts";
import type { Report } from "../report/schema.ts";

export const EXIT = { clean: 0, error: 1, drift: 2, incomplete: 3, undelivered: 4 } as const;

export function auditExitCode(report: Report, failOn: Severity): number {
  if (report.status === "incomplete") return EXIT.incomplete;
  const threshold = SEVERITY_RANK[failOn];
  const failing = report.findings.some((f) => !f.waiver && SEVERITY_RANK[f.severity] >= threshold);
  if (failing) return EXIT.drift;
  return undelivered(report) ? EXIT.undelivered : EXIT.clean;
}

/** An alert of this run (or an earlier one) that did not reach its channel. */
export function undelivered(report: Report): boolean {
  const { alerts, pending = 0 } = report.delivery;
  return pending > 0 || alerts.some((d) => !d.ok);
}
