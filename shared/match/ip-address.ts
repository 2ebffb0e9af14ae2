// IPv4 / IPv6 literals as bigint: strict parsing (with messages naming the token) and canonical text.
import { IpSyntaxError } from "../errors.ts";

export type Family = 4 | 6;

export const V4_BITS = 32;
export const V6_BITS = 128;
export const V4_MAX = (1n << 32n) - 1n;
export const V6_MAX = (1n << 128n) - 1n;

// Leading zeros are refused: `010` is octal to some parsers and decimal to others, and Apache
// commons-validator (which RocketMQ uses) rejects them too.
const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function familyOf(text: string): Family {
  return text.includes(":") ? 6 : 4;
}

/** Parses a decimal octet 0–255; `null` when it is not one. */
export function parseOctet(text: string): number | null {
  if (!OCTET.test(text)) return null;
  const n = Number(text);
  return n <= 255 ? n : null;
}

/** Parses a hex group 0–ffff; `null` when it is not one. */
export function parseHexGroup(text: string): number | null {
  return HEX_GROUP.test(text) ? Number.parseInt(text, 16) : null;
}

export function parseIpv4(text: string): bigint {
  const parts = text.split(".");
  if (parts.length !== 4) {
    throw new IpSyntaxError(
      `"${text}" is not an IPv4 address (expected four octets a.b.c.d)`,
      text,
    );
  }
  let value = 0n;
  for (const part of parts) {
    const octet = parseOctet(part);
    if (octet === null) {
      throw new IpSyntaxError(
        `"${text}" is not an IPv4 address: octet "${part}" must be 0–255 without leading zeros`,
        text,
      );
    }
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** Hex groups of one side of `::`; an embedded IPv4 tail counts as two groups. */
function ipv6Groups(side: string, text: string, last: boolean): number[] {
  if (side === "") return [];
  const parts = side.split(":");
  const groups: number[] = [];
  parts.forEach((part, i) => {
    if (last && i === parts.length - 1 && part.includes(".")) {
      const v4 = Number(parseIpv4(part));
      groups.push(v4 >>> 16, v4 & 0xffff);
      return;
    }
    const group = parseHexGroup(part);
    if (group === null) {
      throw new IpSyntaxError(`"${text}" is not an IPv6 address: bad group "${part}"`, text);
    }
    groups.push(group);
  });
  return groups;
}

export function parseIpv6(text: string): bigint {
  if (text.includes("%")) {
    throw new IpSyntaxError(`"${text}": IPv6 zone ids are not supported`, text);
  }
  const gap = text.indexOf("::");
  if (gap !== -1 && text.indexOf("::", gap + 1) !== -1) {
    throw new IpSyntaxError(`"${text}" is not an IPv6 address: "::" appears more than once`, text);
  }
  const head = ipv6Groups(gap === -1 ? text : text.slice(0, gap), text, gap === -1);
  const tail = gap === -1 ? [] : ipv6Groups(text.slice(gap + 2), text, true);
  const count = head.length + tail.length;
  if (gap === -1 ? count !== 8 : count > 7) {
    throw new IpSyntaxError(`"${text}" is not an IPv6 address: wrong number of groups`, text);
  }
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function parseIp(text: string): { family: Family; value: bigint } {
  const family = familyOf(text);
  return { family, value: family === 4 ? parseIpv4(text) : parseIpv6(text) };
}

export function formatIpv4(value: bigint): string {
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best === -1) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

export function formatIp(family: Family, value: bigint): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}
