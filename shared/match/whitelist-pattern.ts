// Huawei / Apache RocketMQ 4.x `whiteRemoteAddress` patterns as IP sets. The branch order follows
// `RemoteAddressStrategyFactory.getRemoteAddressStrategy` (reference B1); where Java would accept a
// pattern that can never match (a leading-zero prefix octet, junk after the range), we refuse it.

import { IpSyntaxError } from "../errors.ts";
import { familyOf, parseHexGroup, parseIp, parseOctet } from "./ip-address.ts";
import type { Range } from "./ip-ranges.ts";
import { ANY_IP_SET, EMPTY_IP_SET, type IpSet, ipSetOf } from "./ip-set-ops.ts";

const MATCH_ALL = new Set(["*", "*.*.*.*", "*:*:*:*:*:*:*:*"]);

function fail(pattern: string, token: string, why: string): never {
  throw new IpSyntaxError(`whitelist pattern "${pattern}": ${why}`, token);
}

export function parseWhitelistPattern(pattern: string): IpSet {
  if (pattern.trim() === "") return EMPTY_IP_SET;
  if (MATCH_ALL.has(pattern)) return ANY_IP_SET;
  if (/\s/.test(pattern)) fail(pattern, pattern, "contains whitespace");
  if (pattern.endsWith("}")) return exactSet(pattern, enumeratedAddresses(pattern));
  // Java's StringUtils.split drops empty tokens, so "a,,b" is a two-address list and "a," is not a list.
  const items = pattern.split(",").filter((s) => s !== "");
  if (items.length > 1) return exactSet(pattern, items);
  if (pattern.includes("*") || pattern.includes("-")) return rangeSet(pattern);
  return exactSet(pattern, [pattern]);
}

/** Baseline validator hook: null when `s` is a valid whitelist pattern, else the message. */
export function checkWhitelistPattern(s: string): string | null {
  try {
    parseWhitelistPattern(s);
    return null;
  } catch (error) {
    if (error instanceof IpSyntaxError) return error.message;
    throw error;
  }
}

function exactSet(pattern: string, tokens: readonly string[]): IpSet {
  const v4: Range[] = [];
  const v6: Range[] = [];
  for (const token of tokens) {
    const ip = exactAddress(pattern, token);
    (ip.family === 4 ? v4 : v6).push([ip.value, ip.value]);
  }
  return ipSetOf(v4, v6);
}

function exactAddress(pattern: string, token: string): { family: 4 | 6; value: bigint } {
  if (token.includes("/")) {
    fail(pattern, token, `CIDR "${token}" is not supported (use a.b.c.* or a.b.c.1-100)`);
  }
  if (token.includes("{") || token.includes("}")) {
    fail(pattern, token, `"${token}": braces are allowed only around the last segment`);
  }
  if (token.includes(",")) fail(pattern, token, "a comma list needs at least two addresses");
  if (token.includes("*") || token.includes("-")) {
    fail(pattern, token, `"${token}": wildcards and ranges are not allowed in a comma list`);
  }
  try {
    return parseIp(token);
  } catch (error) {
    if (error instanceof IpSyntaxError) fail(pattern, token, error.message);
    throw error;
  }
}

/** `192.168.0.{1,2}` / `1050:0:0:0:5:600:300c:{326b,326c}` → the exact addresses it lists. */
function enumeratedAddresses(pattern: string): string[] {
  const open = pattern.indexOf("{");
  const separator = familyOf(pattern) === 6 ? ":" : ".";
  if (open === -1 || open !== pattern.lastIndexOf(separator) + 1 || pattern.indexOf("}") < open) {
    fail(
      pattern,
      pattern,
      "braces are allowed only around the whole last segment, e.g. 192.168.0.{1,2}",
    );
  }
  if (separator === "." && pattern.split(".").filter((s) => s !== "").length < 4) {
    fail(pattern, pattern, "expected four octets, e.g. 192.168.0.{1,2}");
  }
  const items = pattern
    .slice(open + 1, -1)
    .split(",")
    .filter((s) => s !== "");
  if (items.length === 0) fail(pattern, pattern, "empty braces {}");
  return items.map((item) => `${pattern.slice(0, open)}${item}`);
}

interface Grammar {
  family: 4 | 6;
  parts: number;
  width: number;
  literal: (s: string) => number | null;
  bound: (s: string) => number | null;
  max: number;
  unit: string;
}

const V4: Grammar = {
  family: 4,
  parts: 4,
  width: 8,
  literal: parseOctet,
  // Java parses range bounds with Integer.parseInt, so `010` is 10 there; the value is what counts.
  bound: (s) => (/^\d{1,3}$/.test(s) ? Number(s) : null),
  max: 255,
  unit: "octet",
};
const V6: Grammar = {
  family: 6,
  parts: 8,
  width: 16,
  literal: parseHexGroup,
  bound: parseHexGroup,
  max: 0xffff,
  unit: "group",
};

/** `*` → full span, `a-b` → [a, b], a literal → null; anything else throws. */
function segmentRange(pattern: string, part: string, g: Grammar): readonly [number, number] | null {
  if (part === "*") return [0, g.max];
  const dash = part.indexOf("-");
  if (dash === -1) {
    if (g.literal(part) === null) fail(pattern, part, `${g.unit} "${part}" is not valid`);
    return null;
  }
  const lo = g.bound(part.slice(0, dash));
  const hi = g.bound(part.slice(dash + 1));
  if (lo === null || hi === null || lo > g.max || hi > g.max || lo > hi) {
    fail(
      pattern,
      part,
      `range "${part}" must be a-b with 0 ≤ a ≤ b ≤ ${g.max.toString(g.width === 8 ? 10 : 16)}`,
    );
  }
  return [lo, hi];
}

/**
 * The first segment after the first that is `*` or `a-b` defines the range; earlier segments are a
 * literal prefix; later segments are validated but, as in RocketMQ's matcher, not matched.
 */
function rangeSet(pattern: string): IpSet {
  const g = familyOf(pattern) === 6 ? V6 : V4;
  const parts = g.family === 6 ? expandV6Parts(pattern) : pattern.split(".");
  if (parts.length !== g.parts || parts.includes("")) {
    fail(pattern, pattern, `expected ${g.family === 4 ? "four octets" : "eight groups"}`);
  }
  const first = parts[0]!;
  if (g.literal(first) === null) {
    const why =
      first.includes("*") || first.includes("-") ? "a wildcard or range" : "an invalid value";
    fail(pattern, first, `${why} in the first ${g.unit} ("${first}") is not supported`);
  }
  let prefix = 0n;
  for (let i = 1; i < parts.length; i++) {
    prefix = (prefix << BigInt(g.width)) | BigInt(g.literal(parts[i - 1]!)!);
    const span = segmentRange(pattern, parts[i]!, g);
    if (span === null) continue;
    for (const later of parts.slice(i + 1)) segmentRange(pattern, later, g);
    const rest = BigInt(g.width * (g.parts - i - 1));
    const lo = ((prefix << BigInt(g.width)) | BigInt(span[0])) << rest;
    const hi = (((prefix << BigInt(g.width)) | BigInt(span[1])) << rest) | ((1n << rest) - 1n);
    const range: Range = [lo, hi];
    return g.family === 4 ? ipSetOf([range], []) : ipSetOf([], [range]);
  }
  return fail(pattern, pattern, `no "*" or "a-b" range in ${g.unit}s 2–${g.parts}`);
}

/** Splits an IPv6 pattern into 8 groups, expanding one `::` into zero groups. */
function expandV6Parts(pattern: string): string[] {
  const gap = pattern.indexOf("::");
  if (gap === -1) return pattern.split(":");
  if (pattern.indexOf("::", gap + 1) !== -1) fail(pattern, pattern, '"::" appears more than once');
  const side = (s: string) => (s === "" ? [] : s.split(":"));
  const head = side(pattern.slice(0, gap));
  const tail = side(pattern.slice(gap + 2));
  const fill = 8 - head.length - tail.length;
  if (fill < 1) fail(pattern, pattern, "too many groups around ::");
  return [...head, ...new Array<string>(fill).fill("0"), ...tail];
}
