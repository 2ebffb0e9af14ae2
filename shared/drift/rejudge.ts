// Re-judging a finding carried forward for a target that could not be read this run (DESIGN.md §5):
// the cloud was not looked at, but the baseline may have changed since the finding was made. The
// engine itself decides: the target's provider module rebuilds the cloud state as "what the current
// baseline expects, except where this finding last saw the cloud differ", which is compared with the
// current baseline, and the finding is kept only if the comparison still produces it (same id). So
// what the current baseline now accepts, or no longer names, is not carried; what it still
// contradicts is carried with the current expectation, severity and waiver.
import type { Baseline } from "../baseline/schema.ts";
import type { Finding } from "../model/finding.ts";
import { targetKey } from "../model/snapshot.ts";
import { providerOf } from "../providers/index.ts";
import { compare } from "./compare.ts";

/** The finding as the current baseline judges it, or null when it would not be reported. */
export function rejudgeCarried(finding: Finding, baseline: Baseline, now: Date): Finding | null {
  const target = baseline.targets.find((t) => targetKey(t) === finding.target);
  if (target === undefined || finding.kind === "unreadable") return null;
  const state = providerOf(target).carriedState(target, finding);
  const result = compare(
    { ...baseline, targets: [target] },
    { schemaVersion: 1, collectedAt: now.toISOString(), targets: [state] },
    { now },
  );
  return result.findings.find((f) => f.id === finding.id) ?? null;
}
