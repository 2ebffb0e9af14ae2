// Set algebra on one address family: sorted, disjoint, non-adjacent inclusive bigint ranges.

export type Range = readonly [lo: bigint, hi: bigint];

/** Sorts and merges overlapping or adjacent ranges, so equal sets have equal range lists. */
export function normalizeRanges(input: readonly Range[]): Range[] {
  const sorted = [...input].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

export function unionRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  return normalizeRanges([...a, ...b]);
}

export function intersectRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigint
    const lo = alo > blo ? alo : blo;
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigint
    const hi = ahi < bhi ? ahi : bhi;
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

/** a ⊆ b, both normalised: every range of a lies inside one range of b. */
export function rangesSubset(a: readonly Range[], b: readonly Range[]): boolean {
  let j = 0;
  for (const [lo, hi] of a) {
    while (j < b.length && b[j]![1] < lo) j++;
    const r = b[j];
    if (r === undefined || r[0] > lo || r[1] < hi) return false;
  }
  return true;
}

export function rangesEqual(a: readonly Range[], b: readonly Range[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1]);
}

export function rangesContain(ranges: readonly Range[], value: bigint): boolean {
  return ranges.some(([lo, hi]) => lo <= value && value <= hi);
}

/** Prefix length when [lo, hi] is exactly one CIDR block of a `bits`-wide space, else null. */
export function cidrPrefix(range: Range, bits: number): number | null {
  const size = range[1] - range[0] + 1n;
  if ((size & (size - 1n)) !== 0n || range[0] % size !== 0n) return null;
  return bits - (size.toString(2).length - 1);
}
