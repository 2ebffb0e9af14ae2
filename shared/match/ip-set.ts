// Public face of the address code: IP sets, Alibaba address lists and RocketMQ 4.x whitelist patterns.

export { IpSyntaxError } from "../errors.ts";
export type { AddressListOptions } from "./address-list.ts";
export { checkAddressEntry, parseAddressEntry, parseAddressList } from "./address-list.ts";
export {
  ANY_IP_SET,
  containsAddress,
  coversAllIpv4,
  coversEverything,
  EMPTY_IP_SET,
  equals,
  formatIpSet,
  type IpSet,
  intersect,
  ipSetOf,
  isEmpty,
  isSubset,
  type Range,
  union,
} from "./ip-set-ops.ts";
export { checkWhitelistPattern, parseWhitelistPattern } from "./whitelist-pattern.ts";
