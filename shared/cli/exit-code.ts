// Exit codes of `rmq-drift audit` (DESIGN.md §8): 0 clean, 2 drift at/above --fail-on, 3 incomplete,
// 1 error (set by the caller when something throws).
import { SEVERITY_RANK, type Severity } from "../model/finding.ts";
import type { Report } from "../report/schema.ts";

export const EXIT = { clean: 0, error: 1, drift: 2, incomplete: 3 } as const;

export function auditExitCode(report: Report, failOn: Severity): number {
  if (report.status === "incomplete") return EXIT.incomplete;
  const threshold = SEVERITY_RANK[failOn];
  const failing = report.findings.some((f) => !f.waiver && SEVERITY_RANK[f.severity] >= threshold);
  return failing ? EXIT.drift : EXIT.clean;
}
