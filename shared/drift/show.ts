// Normalised, JSON-friendly values for a finding's `expected` / `actual`: sets as sorted arrays,
// canonical perm strings, IP sets as their canonical list. Equal inputs give equal JSON.
import { formatIpSet, type IpSet } from "../match/ip-set-ops.ts";
import type { Parsed } from "./value-cache.ts";

/** An address list as its canonical set (empty = any address), or the raw entries if it does not parse. */
export function showAddresses(
  parsed: Parsed<IpSet>,
  raw: readonly string[],
): string[] | { entries: string[]; error: string } {
  return parsed.ok ? formatIpSet(parsed.value) : { entries: [...raw].sort(), error: parsed.error };
}

/** A whitelist keeps its verbatim pattern beside the addresses it denotes. */
export function showPattern(
  parsed: Parsed<IpSet>,
  pattern: string,
): { pattern: string; addresses: string[] | null; error?: string } {
  return parsed.ok
    ? { pattern, addresses: formatIpSet(parsed.value) }
    : { pattern, addresses: null, error: parsed.error };
}

/** Name → canonical value pairs as an object with sorted keys (safe for names like `__proto__`). */
export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => byString(a, b)));
}

export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
