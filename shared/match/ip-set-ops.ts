// IP sets over IPv4 and IPv6: one normalised range list per family (the families never mix, so
// 0.0.0.0/0 does not cover IPv6 and an IPv4-mapped IPv6 address is an IPv6 address).
import { formatIp, parseIp, V4_BITS, V4_MAX, V6_BITS, V6_MAX } from "./ip-address.ts";
import {
  cidrPrefix,
  intersectRanges,
  normalizeRanges,
  type Range,
  rangesContain,
  rangesEqual,
  rangesSubset,
  unionRanges,
} from "./ip-ranges.ts";

export type { Range } from "./ip-ranges.ts";

export interface IpSet {
  readonly v4: readonly Range[];
  readonly v6: readonly Range[];
}

const FULL_V4: Range = [0n, V4_MAX];
const FULL_V6: Range = [0n, V6_MAX];

export const EMPTY_IP_SET: IpSet = Object.freeze({ v4: [], v6: [] });
export const ANY_IP_SET: IpSet = Object.freeze({ v4: [FULL_V4], v6: [FULL_V6] });

/** Builds a normalised set from arbitrary (unsorted, overlapping) ranges. */
export function ipSetOf(v4: readonly Range[], v6: readonly Range[]): IpSet {
  return { v4: normalizeRanges(v4), v6: normalizeRanges(v6) };
}

export function union(a: IpSet, b: IpSet): IpSet {
  return { v4: unionRanges(a.v4, b.v4), v6: unionRanges(a.v6, b.v6) };
}

export function intersect(a: IpSet, b: IpSet): IpSet {
  return { v4: intersectRanges(a.v4, b.v4), v6: intersectRanges(a.v6, b.v6) };
}

/** a ⊆ b. */
export function isSubset(a: IpSet, b: IpSet): boolean {
  return rangesSubset(a.v4, b.v4) && rangesSubset(a.v6, b.v6);
}

export function equals(a: IpSet, b: IpSet): boolean {
  return a === b || (rangesEqual(a.v4, b.v4) && rangesEqual(a.v6, b.v6));
}

export function isEmpty(s: IpSet): boolean {
  return s.v4.length === 0 && s.v6.length === 0;
}

export function coversAllIpv4(s: IpSet): boolean {
  const r = s.v4[0];
  return s.v4.length === 1 && r !== undefined && r[0] === 0n && r[1] === V4_MAX;
}

export function coversEverything(s: IpSet): boolean {
  const r = s.v6[0];
  return coversAllIpv4(s) && s.v6.length === 1 && r !== undefined && r[0] === 0n && r[1] === V6_MAX;
}

/** Whether the set holds one address given as text (throws IpSyntaxError on a bad literal). */
export function containsAddress(s: IpSet, address: string): boolean {
  const ip = parseIp(address);
  return rangesContain(ip.family === 4 ? s.v4 : s.v6, ip.value);
}

function formatRange(family: 4 | 6, range: Range): string {
  if (range[0] === range[1]) return formatIp(family, range[0]);
  const prefix = cidrPrefix(range, family === 4 ? V4_BITS : V6_BITS);
  if (prefix !== null) return `${formatIp(family, range[0])}/${prefix}`;
  return `${formatIp(family, range[0])}-${formatIp(family, range[1])}`;
}

/**
 * Canonical readable list: IPv4 before IPv6, ascending; a single address as itself, an exact CIDR
 * block as `net/len`, anything else as `first-last`. Equal sets give equal lists.
 */
export function formatIpSet(s: IpSet): string[] {
  return [...s.v4.map((r) => formatRange(4, r)), ...s.v6.map((r) => formatRange(6, r))];
}
