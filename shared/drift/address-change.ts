// Direction and severity facts of a change between two address sets (either side may not parse).

import { coversAllIpv4, type IpSet, isSubset } from "../match/ip-set-ops.ts";
import type { Direction } from "../model/finding.ts";
import { setVerb } from "./describe.ts";
import { directionOf } from "./perms.ts";
import type { Parsed } from "./value-cache.ts";

export interface AddressChange {
  /** Direction for an allow-list; callers invert it for a Deny entry. */
  direction: Exclude<Direction, null>;
  verb: string;
  /** The set grew to every IPv4 address, which it did not cover before. */
  nowCoversAllIpv4: boolean;
}

/** null when both sides denote the same set. A side that does not parse is a lateral change. */
export function addressChange(
  expected: Parsed<IpSet>,
  actual: Parsed<IpSet>,
): AddressChange | null {
  if (!expected.ok || !actual.ok) {
    return { direction: "lateral", verb: "changed", nowCoversAllIpv4: false };
  }
  const shrank = !isSubset(expected.value, actual.value);
  const grew = !isSubset(actual.value, expected.value);
  const direction = directionOf(!grew, !shrank);
  if (direction === null) return null;
  const nowCoversAllIpv4 = grew && coversAllIpv4(actual.value) && !coversAllIpv4(expected.value);
  return { direction, verb: setVerb(grew, shrank), nowCoversAllIpv4 };
}
