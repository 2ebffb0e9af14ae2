// The last pass of the run's secret registry over what a run keeps of provider errors: the error of
// each unreadable target, in the snapshot and the result, and the findings built from it. Errors
// were already blanked when they were raised; this catches a secret registered only later (an echo
// before the read that returned it).

import type { Finding } from "../model/finding.ts";
import type { TargetError } from "../model/snapshot.ts";
import type { SnapshotTarget } from "../providers/index.ts";
import type { Confirmed } from "./confirm.ts";

export function redactErrors(run: Confirmed, redact: (text: string) => string): Confirmed {
  const blank = (error: TargetError): TargetError => ({
    ...error,
    code: redact(error.code),
    message: redact(error.message),
    ...(error.requestId ? { requestId: redact(error.requestId) } : {}),
  });
  const targets = run.snapshot.targets.map(
    (t): SnapshotTarget => (t.status === "error" ? { ...t, error: blank(t.error) } : t),
  );
  const findings = run.result.findings.map(
    (f): Finding =>
      f.kind === "unreadable"
        ? { ...f, message: redact(f.message), actual: f.actual && blank(f.actual as TargetError) }
        : f,
  );
  const results = run.result.targets.map((t) => (t.error ? { ...t, error: blank(t.error) } : t));
  return {
    snapshot: { ...run.snapshot, targets },
    result: { ...run.result, findings, targets: results },
  };
}
