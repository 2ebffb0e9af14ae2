import { describe, expect, it } from "vitest";
import {
  ANY_IP_SET,
  checkAddressEntry,
  checkWhitelistPattern,
  containsAddress,
  coversAllIpv4,
  EMPTY_IP_SET,
  equals,
  formatIpSet,
  IpSyntaxError,
  intersect,
  isSubset,
  parseAddressList,
  parseWhitelistPattern,
  union,
} from "../../shared/match/ip-set.ts";

const list = (...entries: string[]) => parseAddressList(entries, { emptyMeans: "none" });
const pattern = (p: string) => formatIpSet(parseWhitelistPattern(p));

describe("parseAddressList", () => {
  it("reads IPv4/IPv6 addresses and CIDRs, merging overlaps into canonical blocks", () => {
    expect(formatIpSet(list("10.0.0.1", "10.0.0.0/31", "2001:db8::1", "192.168.0.0/24"))).toEqual([
      "10.0.0.0/31",
      "192.168.0.0/24",
      "2001:db8::1",
    ]);
    expect(formatIpSet(list("10.0.0.0/25", "10.0.0.128/25"))).toEqual(["10.0.0.0/24"]);
  });

  it("reads a CIDR with host bits set as the network it denotes", () => {
    expect(formatIpSet(list("10.1.2.3/8"))).toEqual(["10.0.0.0/8"]);
    expect(formatIpSet(list("2001:db8::1/32"))).toEqual(["2001:db8::/32"]);
  });

  it("gives an empty list the meaning asked for", () => {
    expect(parseAddressList([], { emptyMeans: "any" })).toEqual(ANY_IP_SET);
    expect(parseAddressList([], { emptyMeans: "none" })).toEqual(EMPTY_IP_SET);
    expect(formatIpSet(ANY_IP_SET)).toEqual(["0.0.0.0/0", "::/0"]);
  });

  it("keeps IPv4 and IPv6 apart: 0.0.0.0/0 covers every IPv4 address but no IPv6", () => {
    const all4 = list("0.0.0.0/0");
    expect(coversAllIpv4(all4)).toBe(true);
    expect(isSubset(all4, ANY_IP_SET) && !isSubset(ANY_IP_SET, all4)).toBe(true);
    expect(formatIpSet(list("::ffff:1.2.3.4"))).toEqual(["::ffff:102:304"]);
  });

  it.each([
    ["10.0.0.0/33", '"/33"'],
    ["1.2.3", '"1.2.3"'],
    ["010.0.0.1", '"010"'],
    ["256.1.1.1", '"256"'],
    ["1::2::3", '"::" appears more than once'],
    ["fe80::1%eth0", "zone"],
    ["10.0.0.0/8 ", "spaces"],
    ["2001:db8::/129", '"/129"'],
    ["1:2:3:4:5:6:7:8:9", "number of groups"],
    ["10.0.0.0/", '"/"'],
  ])("rejects %s naming the bad token", (entry, words) => {
    expect(() => list(entry)).toThrow(IpSyntaxError);
    expect(checkAddressEntry(entry)).toContain(words);
  });

  it("accepts valid entries in checkAddressEntry", () => {
    for (const e of ["0.0.0.0/0", "::/0", "::", "1:2:3:4:5:6:7:8", "::1.2.3.4", "203.0.113.7"]) {
      expect(checkAddressEntry(e)).toBeNull();
    }
  });

  it("throws IpSyntaxError with name and token set", () => {
    try {
      list("bad");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IpSyntaxError);
      expect((error as IpSyntaxError).name).toBe("IpSyntaxError");
      expect((error as IpSyntaxError).token).toBe("bad");
    }
  });
});

describe("parseWhitelistPattern (RocketMQ 4.x, reference B1)", () => {
  it.each([
    ["", []],
    ["   ", []],
    ["*", ["0.0.0.0/0", "::/0"]],
    ["*.*.*.*", ["0.0.0.0/0", "::/0"]],
    ["*:*:*:*:*:*:*:*", ["0.0.0.0/0", "::/0"]],
    ["192.168.0.{100,101,103}", ["192.168.0.100/31", "192.168.0.103"]],
    ["192.168.0.{1,,2}", ["192.168.0.1-192.168.0.2"]],
    ["1050:0:0:0:5:600:300c:{326b,326c}", ["1050::5:600:300c:326b-1050::5:600:300c:326c"]],
    ["10.0.0.2,10.0.0.1", ["10.0.0.1-10.0.0.2"]],
    ["10.0.0.1,,::1", ["10.0.0.1", "::1"]],
    ["192.168.*.*", ["192.168.0.0/16"]],
    ["192.168.0.*", ["192.168.0.0/24"]],
    ["192.168.1.1-100", ["192.168.1.1-192.168.1.100"]],
    ["192.*.*.*", ["192.0.0.0/8"]],
    ["192.168.100-200.10-20", ["192.168.100.0-192.168.200.255"]],
    ["192.168.*.7", ["192.168.0.0/16"]],
    ["10.1.2.0-0", ["10.1.2.0"]],
    ["10.1.02-3.*", ["10.1.2.0/23"]],
    ["fe80::*", ["fe80::/112"]],
    ["fe80:1:*:0:0:0:0:0", ["fe80:1::/32"]],
    ["fe80::1-ff", ["fe80::1-fe80::ff"]],
    ["10.0.0.1", ["10.0.0.1"]],
    ["::1", ["::1"]],
  ])("%j denotes %j", (p, expected) => {
    expect(pattern(p)).toEqual(expected);
    expect(checkWhitelistPattern(p)).toBeNull();
  });

  it.each([
    ["10.0.0.0/8", "CIDR"],
    ["192.168.{1,2}.*", "braces"],
    ["192.168.{1,2}.3}", "braces"],
    ["1.2.3.4{5}", "braces"],
    ["192.168.0.{}", "empty braces"],
    ["1.2.{3}", "four octets"],
    ["*.168.1.1", 'first octet ("*")'],
    ["10-20.1.1.*", 'first octet ("10-20")'],
    ["192.168.300.*", '"300"'],
    ["192.168.*.300", '"300"'],
    ["192.168.*.abc", '"abc"'],
    ["192.068.*.*", '"068"'],
    ["1.2.5-3.*", '"5-3"'],
    ["1.2.3.4-256", '"4-256"'],
    ["1.2.3.-5", '"-5"'],
    ["192.*", "four octets"],
    ["192-200.1.1.1", "first octet"],
    ["10.0.0.1,10.0.0.*", '"10.0.0.*"'],
    ["10.0.0.1,", "at least two"],
    ["10.0.0.1, 10.0.0.2", "whitespace"],
    ["fe80::1::*", "more than once"],
    ["fe80::g-h", '"g-h"'],
    ["10.0.0.256", '"256"'],
  ])("rejects %j with a message naming the problem (%s)", (p, words) => {
    expect(() => parseWhitelistPattern(p)).toThrow(IpSyntaxError);
    const message = checkWhitelistPattern(p);
    expect(message).toContain(words);
    expect(message).toContain(`whitelist pattern "${p}"`);
  });
});

describe("set algebra", () => {
  const a = list("10.0.0.0/8");
  const b = list("10.1.0.0/16", "192.168.0.1");
  it("union, intersect, subset, equals", () => {
    expect(formatIpSet(union(a, b))).toEqual(["10.0.0.0/8", "192.168.0.1"]);
    expect(formatIpSet(intersect(a, b))).toEqual(["10.1.0.0/16"]);
    expect(isSubset(intersect(a, b), a)).toBe(true);
    expect(isSubset(b, a)).toBe(false);
    expect(equals(list("10.0.0.0/24"), parseWhitelistPattern("10.0.0.*"))).toBe(true);
  });

  it("containsAddress checks one address", () => {
    expect(containsAddress(a, "10.255.255.255")).toBe(true);
    expect(containsAddress(a, "11.0.0.0")).toBe(false);
    expect(containsAddress(ANY_IP_SET, "2001:db8::1")).toBe(true);
  });

  it("formats single addresses, exact blocks and other ranges canonically", () => {
    expect(formatIpSet(list("10.0.0.5", "10.0.0.6", "10.0.0.7"))).toEqual(["10.0.0.5-10.0.0.7"]);
    expect(formatIpSet(list("2001:DB8:0:0:1:0:0:1"))).toEqual(["2001:db8::1:0:0:1"]);
    expect(formatIpSet(list("1:0:0:1:0:0:0:1"))).toEqual(["1:0:0:1::1"]);
  });
});
