// Alibaba address lists (`ipWhitelists`, `internetWhitelist`): IPv4/IPv6 addresses and CIDR blocks.

import { IpSyntaxError } from "../errors.ts";
import { familyOf, parseIpv4, parseIpv6, V4_BITS, V6_BITS } from "./ip-address.ts";
import type { Range } from "./ip-ranges.ts";
import { ANY_IP_SET, EMPTY_IP_SET, type IpSet, ipSetOf } from "./ip-set-ops.ts";

export interface AddressListOptions {
  /** What an empty list means: Alibaba reads `[]` as "any address". */
  emptyMeans: "any" | "none";
}

const PREFIX = /^(?:0|[1-9]\d{0,2})$/;

/** One entry as a family and inclusive range; a CIDR with host bits set denotes its network. */
export function parseAddressEntry(entry: string): { family: 4 | 6; range: Range } {
  if (entry === "" || /\s/.test(entry)) {
    throw new IpSyntaxError(
      `"${entry}" is not an IP address or CIDR (empty or contains spaces)`,
      entry,
    );
  }
  const family = familyOf(entry);
  const bits = family === 4 ? V4_BITS : V6_BITS;
  const slash = entry.indexOf("/");
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (slash === -1) return { family, range: [value, value] };
  const prefixText = entry.slice(slash + 1);
  const prefix = PREFIX.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix <= bits)) {
    throw new IpSyntaxError(
      `"${entry}": prefix length "/${prefixText}" must be 0–${bits} for IPv${family}`,
      entry,
    );
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const network = value & ~hostMask;
  return { family, range: [network, network | hostMask] };
}

export function parseAddressList(entries: readonly string[], opts: AddressListOptions): IpSet {
  if (entries.length === 0) return opts.emptyMeans === "any" ? ANY_IP_SET : EMPTY_IP_SET;
  const v4: Range[] = [];
  const v6: Range[] = [];
  for (const entry of entries) {
    const { family, range } = parseAddressEntry(entry);
    (family === 4 ? v4 : v6).push(range);
  }
  return ipSetOf(v4, v6);
}

/** Baseline validator hook: null when `s` is a valid address or CIDR, else the message. */
export function checkAddressEntry(s: string): string | null {
  try {
    parseAddressEntry(s);
    return null;
  } catch (error) {
    if (error instanceof IpSyntaxError) return error.message;
    throw error;
  }
}
