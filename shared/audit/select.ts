// `--only` / HTTP `targets`: narrow a baseline to the targets whose key or name matches a glob.
// `--principal` / HTTP `principals`: every glob must name a principal of the selected targets.
import type { Baseline } from "../baseline/schema.ts";
import { globMatch } from "../drift/glob.ts";
import { RequestError } from "../errors.ts";
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

/**
 * A principal glob that matches no account or user the (selected) baseline names is a typo, not a
 * clean result: point reads fetch only what the baseline names, so it would audit nothing.
 */
export function checkPrincipals(baseline: Baseline, globs: readonly string[] | undefined): void {
  if (!globs || globs.length === 0) return;
  const names = baseline.targets.flatMap((t) =>
    Object.keys((t.provider === "alibaba" ? t.accounts : t.users) ?? {}),
  );
  const unmatched = globs.filter((g) => !names.some((name) => globMatch(g, name)));
  if (unmatched.length > 0) {
    const list = unmatched.map((g) => `"${g}"`).join(", ");
    throw new RequestError(`no principal named in the baseline matches ${list}`);
  }
}
