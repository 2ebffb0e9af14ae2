// `--only` / HTTP `targets`: narrow a baseline to the targets whose key or name matches a glob.
import type { Baseline } from "../baseline/schema.ts";
import { RequestError } from "../errors.ts";
import { globMatch } from "../match/glob.ts";
import { targetKey } from "../model/snapshot.ts";

export function selectTargets(baseline: Baseline, globs: readonly string[] | undefined): Baseline {
  if (!globs || globs.length === 0) return baseline;
  const targets = baseline.targets.filter((t) =>
    globs.some((g) => globMatch(g, targetKey(t)) || (t.name !== undefined && globMatch(g, t.name))),
  );
  if (targets.length === 0) {
    throw new RequestError(`no baseline target matches ${globs.map((g) => `"${g}"`).join(", ")}`);
  }
  return { ...baseline, targets };
}
