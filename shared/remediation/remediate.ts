// Remediation for every finding of a run (DESIGN.md §5), from plain data: the finding, the baseline as
// written (target positions in the file, raw values) and the snapshot. Pure: no I/O, clock or env.
import { formatPath, type PathSegment } from "../baseline/path.ts";
import type { Baseline, BaselineTarget } from "../baseline/schema.ts";
import type { Finding } from "../model/finding.ts";
import type { Remediation } from "../model/remediation.ts";
import { type Snapshot, type SnapshotTarget, targetKey } from "../model/snapshot.ts";
import { remediateAlibaba } from "../providers/alibaba/remediation.ts";
import { remediateHuawei } from "../providers/huawei/remediation.ts";
import type { RemediationDraft } from "./types.ts";

/** Line and column (1-based) of a baseline document path; from the baseline loader. */
export type Locate = (path: readonly PathSegment[]) => { line: number; column: number } | undefined;

interface Sides {
  expected: BaselineTarget | undefined;
  observed: SnapshotTarget | undefined;
  targetPath: PathSegment[];
}

type Builder = (finding: Finding, sides: Sides) => RemediationDraft;

// One builder per provider; each only ever sees its own provider's baseline and snapshot shapes.
const BUILDERS: Record<string, Builder> = {
  alibaba: (finding, s) =>
    remediateAlibaba({
      finding,
      targetPath: s.targetPath,
      expected: s.expected?.provider === "alibaba" ? s.expected : undefined,
      observed:
        s.observed?.provider === "alibaba" && s.observed.status === "ok" ? s.observed : undefined,
    }),
  huawei: (finding, s) =>
    remediateHuawei({
      finding,
      targetPath: s.targetPath,
      expected: s.expected?.provider === "huawei" ? s.expected : undefined,
      observed:
        s.observed?.provider === "huawei" && s.observed.status === "ok" ? s.observed : undefined,
    }),
};

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
    const builder = BUILDERS[finding.target.split("/")[0] ?? ""];
    if (!builder) return { revert: [], accept: null, location: null };
    const hit = expected.get(finding.target);
    const sides: Sides = {
      expected: hit?.t,
      observed: observed.get(finding.target),
      targetPath: hit ? ["targets", hit.i] : ["targets"],
    };
    const draft = builder(finding, sides);
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
