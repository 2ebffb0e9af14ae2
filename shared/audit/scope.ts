// Which previous findings a targeted audit (`--principal`) could have resolved: only those about
// the principals it looked at, and never `unexpected` ones — point reads fetch what the baseline
// names, so they cannot see an undeclared principal or ACL entry, and its absence proves nothing.
// Instance-level findings (principal null) are re-checked on every run.
import { globMatch } from "../match/glob.ts";
import type { Finding } from "../model/finding.ts";

export function principalScope(
  principals: readonly string[] | undefined,
): ((finding: Pick<Finding, "principal" | "kind">) => boolean) | undefined {
  if (!principals || principals.length === 0) return undefined;
  return (f) =>
    f.principal === null ||
    (f.kind !== "unexpected" && principals.some((g) => globMatch(g, f.principal as string)));
}
