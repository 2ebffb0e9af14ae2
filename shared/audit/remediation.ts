// Remediation for every finding of a run (DESIGN.md §5), from plain data: the finding, the baseline as
// written (target positions in the file, raw values) and the snapshot. Pure: no I/O, clock or env.

import type { Baseline } from "../baseline/schema.ts";
import type { Finding } from "../model/finding.ts";
import { formatPath, type PathSegment } from "../model/path.ts";
import type { Remediation } from "../model/remediation.ts";
import { targetKey } from "../model/snapshot.ts";
import { isProviderId, providerOf, type Snapshot } from "../providers/index.ts";

/** Line and column (1-based) of a baseline document path; from the baseline loader. */
export type Locate = (path: readonly PathSegment[]) => { line: number; column: number } | undefined;

/**
 * `baseline` must be the baseline as loaded from its file (not a selection of its targets), so target
 * indexes and `locate` positions refer to the file the reader has.
 */
export function remediationFor(
  baseline: Baseline,
  snapshot: Snapshot | null,
  locate?: Locate,
): (finding: Finding) => Remediation {
  const expected = new Map(baseline.targets.map((t, i) => [targetKey(t), { t, i }]));
  const observed = new Map((snapshot?.targets ?? []).map((t) => [targetKey(t), t]));
  return (finding) => {
    const provider = finding.target.split("/")[0] ?? "";
    if (!isProviderId(provider)) return { revert: [], accept: null, location: null };
    const hit = expected.get(finding.target);
    const seen = observed.get(finding.target);
    // Each module only ever sees its own provider's baseline and snapshot shapes.
    const draft = providerOf({ provider }).remediate({
      finding,
      targetPath: hit ? ["targets", hit.i] : ["targets"],
      expected: hit?.t.provider === provider ? hit.t : undefined,
      observed: seen?.provider === provider && seen.status === "ok" ? seen : undefined,
    });
    const at = locate?.(draft.path);
    return {
      revert: draft.revert,
      accept: draft.accept,
      location: {
        path: formatPath(draft.path),
        line: at?.line ?? null,
        column: at?.column ?? null,
      },
    };
  };
}
