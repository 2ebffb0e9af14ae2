// What one run covers, decided once at its start: which targets (`--only` / HTTP `targets`, by key
// or name), which principals (`--principal` / HTTP `principals`; each glob must name a principal of
// the selected targets), whether the run is partial, and which previous findings it could have
// resolved.
import type { Baseline } from "../baseline/schema.ts";
import { RequestError } from "../errors.ts";
import { anyGlob, globMatch } from "../match/glob.ts";
import type { Finding } from "../model/finding.ts";
import { targetKey } from "../model/snapshot.ts";
import { providerOf } from "../providers/index.ts";
import type { AuditRequest } from "./types.ts";

export interface AuditScope {
  /** The baseline narrowed to the selected targets. */
  baseline: Baseline;
  /** Principal globs of a targeted audit; absent: every principal. */
  principals: readonly string[] | undefined;
  /**
   * Some targets or principals only. A partial run is stored but does not move `latest.json`:
   * history builds on full audits, so the next full run must not see old drift as new.
   */
  partial: boolean;
  /** Which previous findings this run could have resolved; absent: all of them (full audit). */
  couldResolve: ((finding: Pick<Finding, "principal" | "kind">) => boolean) | undefined;
}

export function scopeAudit(
  baseline: Baseline,
  request: Pick<AuditRequest, "targets" | "principals">,
): AuditScope {
  const principals = request.principals?.length ? request.principals : undefined;
  const selected = selectTargets(baseline, request.targets);
  checkPrincipals(selected, principals);
  return {
    baseline: selected,
    principals: request.principals,
    partial: (request.targets?.length ?? 0) > 0 || principals !== undefined,
    couldResolve: principals && resolvableBy(principals),
  };
}

function selectTargets(baseline: Baseline, globs: readonly string[] | undefined): Baseline {
  if (!globs || globs.length === 0) return baseline;
  const selected = anyGlob(globs);
  const targets = baseline.targets.filter(
    (t) => selected(targetKey(t)) || (t.name !== undefined && selected(t.name)),
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
function checkPrincipals(baseline: Baseline, globs: readonly string[] | undefined): void {
  if (!globs) return;
  const names = baseline.targets.flatMap((t) =>
    Object.keys(providerOf(t).principals.expected(t) ?? {}),
  );
  const unmatched = globs.filter((g) => !names.some((name) => globMatch(g, name)));
  if (unmatched.length > 0) {
    const list = unmatched.map((g) => `"${g}"`).join(", ");
    throw new RequestError(`no principal named in the baseline matches ${list}`);
  }
}

/**
 * A targeted audit resolves only findings about the principals it looked at, and never `unexpected`
 * ones — point reads fetch what the baseline names, so they cannot see an undeclared principal or
 * ACL entry, and its absence proves nothing. Instance-level findings (principal null) are re-checked
 * on every run.
 */
function resolvableBy(principals: readonly string[]) {
  const looked = anyGlob(principals);
  return (f: Pick<Finding, "principal" | "kind">) =>
    f.principal === null || (f.kind !== "unexpected" && looked(f.principal));
}
