// Words for messages: one readable sentence per finding, for a security engineer.
import {
  coversAllIpv4,
  coversEverything,
  formatIpSet,
  type IpSet,
  isEmpty,
} from "../match/ip-set-ops.ts";
import type { Parsed } from "./value-cache.ts";

/** How the set itself moved (for a Deny entry the direction is the opposite). */
export function setVerb(grew: boolean, shrank: boolean): string {
  if (grew && !shrank) return "widened";
  if (shrank && !grew) return "narrowed";
  return "changed";
}

export function describeIpSet(set: IpSet): string {
  if (isEmpty(set)) return "no address";
  if (coversEverything(set)) return "any address";
  const list = formatIpSet(set).join(", ");
  return coversAllIpv4(set) ? `every IPv4 address (${list})` : list;
}

/** A parse failure shows its message, which names the bad token. */
export function describeParsed(parsed: Parsed<IpSet>): string {
  return parsed.ok ? describeIpSet(parsed.value) : `an unparseable value (${parsed.error})`;
}

export function describeList(values: readonly string[]): string {
  return `[${values.join(", ")}]`;
}
