// Which previous findings a targeted audit (`--principal`) could have resolved: only those about
// the principals it looked at. Instance-level findings (principal null) are re-checked every run.
import { globMatch } from "../drift/glob.ts";

export function principalScope(
  principals: readonly string[] | undefined,
): ((finding: { principal: string | null }) => boolean) | undefined {
  if (!principals || principals.length === 0) return undefined;
  return (f) => f.principal === null || principals.some((g) => globMatch(g, f.principal as string));
}
