// Shell-style globs for target keys, principals, resources (waivers, --only, --principal):
// `*` any run (also empty), `?` exactly one character, everything else literal; whole-string match.
// Matching is iterative with one backtrack point, so no pattern can make it exponential.

export type GlobMatcher = (value: string) => boolean;

const MAX_CACHED = 1024;
const cache = new Map<string, GlobMatcher>();

export function compileGlob(glob: string): GlobMatcher {
  const hit = cache.get(glob);
  if (hit !== undefined) return hit;
  const matcher = buildMatcher(glob);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(glob, matcher);
  return matcher;
}

export function globMatch(glob: string, value: string): boolean {
  return compileGlob(glob)(value);
}

/** One matcher for a list of globs (`--only`, `--principal`): a value matches when any glob does. */
export function anyGlob(globs: readonly string[]): GlobMatcher {
  const matchers = globs.map(compileGlob);
  return (value) => matchers.some((match) => match(value));
}

function buildMatcher(glob: string): GlobMatcher {
  if (!glob.includes("*") && !glob.includes("?")) return (value) => value === glob;
  if (glob === "*") return () => true;
  // Code points, not UTF-16 units, so `?` matches one character even outside the BMP.
  const pattern = Array.from(glob);
  return (value) => matchChars(pattern, Array.from(value));
}

function matchChars(p: readonly string[], v: readonly string[]): boolean {
  let pi = 0;
  let vi = 0;
  let starP = -1;
  let starV = 0;
  while (vi < v.length) {
    const c = p[pi];
    if (c === "*") {
      starP = pi++;
      starV = vi;
    } else if (c !== undefined && (c === "?" || c === v[vi])) {
      pi++;
      vi++;
    } else if (starP !== -1) {
      pi = starP + 1;
      vi = ++starV;
    } else {
      return false;
    }
  }
  while (p[pi] === "*") pi++;
  return pi === p.length;
}
