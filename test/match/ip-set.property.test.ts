// Set-algebra laws, and the pattern parser against an independent, literal reading of reference B1.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  containsAddress,
  equals,
  formatIpSet,
  type IpSet,
  intersect,
  isSubset,
  parseAddressList,
  parseWhitelistPattern,
  union,
} from "../../shared/match/ip-set.ts";

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
// Addresses clustered in a few small networks, so random sets overlap and touch often.
const nearIpv4 = fc
  .tuple(fc.constantFrom("10.0.0", "10.0.1", "192.168.7"), octet)
  .map(([net, host]) => `${net}.${host}`);
const cidr = fc
  .tuple(fc.oneof(ipv4, nearIpv4), fc.integer({ min: 0, max: 32 }))
  .map(([ip, len]) => `${ip}/${len}`);
const ipv6 = fc
  .tuple(fc.constantFrom("2001:db8::", "fe80::", "::"), fc.integer({ min: 0, max: 0xffff }))
  .map(([net, g]) => `${net}${g.toString(16)}`);
const entry = fc.oneof(ipv4, nearIpv4, cidr, ipv6, fc.constant("0.0.0.0/0"));
const ipSet: fc.Arbitrary<IpSet> = fc
  .array(entry, { maxLength: 6 })
  .map((entries) => parseAddressList(entries, { emptyMeans: "none" }));

const RUNS = { numRuns: 300 };

describe("IP set algebra laws", () => {
  it("union is commutative, associative and idempotent", () => {
    fc.assert(
      fc.property(ipSet, ipSet, ipSet, (a, b, c) => {
        expect(equals(union(a, b), union(b, a))).toBe(true);
        expect(equals(union(union(a, b), c), union(a, union(b, c)))).toBe(true);
        expect(equals(union(a, a), a)).toBe(true);
      }),
      RUNS,
    );
  });

  it("A ⊆ A ∪ B, A ∩ B ⊆ A, and subset is antisymmetric", () => {
    fc.assert(
      fc.property(ipSet, ipSet, (a, b) => {
        expect(isSubset(a, union(a, b))).toBe(true);
        expect(isSubset(intersect(a, b), a)).toBe(true);
        if (isSubset(a, b) && isSubset(b, a)) expect(equals(a, b)).toBe(true);
        expect(isSubset(a, b)).toBe(equals(union(a, b), b));
      }),
      RUNS,
    );
  });

  it("equal sets format identically, whatever the entry order", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const forward = parseAddressList(entries, { emptyMeans: "any" });
        const backward = parseAddressList([...entries].reverse(), { emptyMeans: "any" });
        expect(formatIpSet(forward)).toEqual(formatIpSet(backward));
      }),
      RUNS,
    );
  });

  it("membership agrees with union and intersection", () => {
    fc.assert(
      fc.property(ipSet, ipSet, fc.oneof(ipv4, nearIpv4), (a, b, ip) => {
        const inA = containsAddress(a, ip);
        const inB = containsAddress(b, ip);
        expect(containsAddress(union(a, b), ip)).toBe(inA || inB);
        expect(containsAddress(intersect(a, b), ip)).toBe(inA && inB);
      }),
      RUNS,
    );
  });
});

// ---- A literal reading of RemoteAddressStrategyFactory (reference B1), working on strings the
// way the Java matcher does: exact addresses compare as text (IPv6 expanded, upper case), and a
// range compares a literal head `a.b.` as a string prefix, then one numeric octet.

function expandIpv6(address: string): string {
  const [head = "", tail] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => g.padStart(4, "0").toUpperCase()).join(":");
}

function sameAddress(a: string, b: string): boolean {
  return a.includes(":") ? b.includes(":") && expandIpv6(a) === expandIpv6(b) : a === b;
}

function referenceMatch(pattern: string, address: string): boolean {
  if (pattern.trim() === "") return false;
  if (pattern === "*" || pattern === "*.*.*.*" || pattern === "*:*:*:*:*:*:*:*") return true;
  if (pattern.endsWith("}")) {
    const prefix = pattern.substring(0, pattern.indexOf("{"));
    const last = pattern.substring(pattern.lastIndexOf("{") + 1, pattern.length - 1);
    return last.split(",").some((item) => item !== "" && sameAddress(prefix + item, address));
  }
  const items = pattern.split(",").filter((s) => s !== "");
  if (items.length > 1) return items.some((item) => sameAddress(item, address));
  if (pattern.includes("*") || pattern.includes("-")) {
    const parts = pattern.split(".");
    for (let index = 1; index <= 3; index++) {
      const value = parts[index]!;
      let bounds: number[];
      if (value === "*") bounds = [0, 255];
      else if (value.includes("-")) bounds = value.split("-").map(Number);
      else continue;
      const head = `${parts.slice(0, index).join(".")}.`;
      if (address.includes(":") || !address.startsWith(head)) return false;
      const octetValue = Number(address.substring(head.length).split(".")[0]);
      return octetValue >= bounds[0]! && octetValue <= bounds[1]!;
    }
    return false;
  }
  return sameAddress(pattern, address);
}

type Seg =
  | { kind: "lit"; v: number }
  | { kind: "star" }
  | { kind: "range"; lo: number; hi: number };
const segment: fc.Arbitrary<Seg> = fc.oneof(
  octet.map((v) => ({ kind: "lit" as const, v })),
  fc.constant({ kind: "star" as const }),
  fc
    .tuple(octet, octet)
    .map(([a, b]) => ({ kind: "range" as const, lo: Math.min(a, b), hi: Math.max(a, b) })),
);
const segText = (s: Seg) =>
  s.kind === "lit" ? `${s.v}` : s.kind === "star" ? "*" : `${s.lo}-${s.hi}`;
const rangePattern = fc
  .tuple(octet, octet, octet, fc.integer({ min: 1, max: 3 }), segment, segment, segment)
  .map(([o0, o1, o2, at, s1, s2, s3]) => {
    const lits = [o0, o1, o2];
    const segs = [s1, s2, s3];
    const parts = [`${o0}`];
    for (let i = 1; i <= 3; i++) {
      if (i < at) parts.push(`${lits[i]}`);
      else if (i === at)
        parts.push(segText(segs[i - 1]!.kind === "lit" ? { kind: "star" } : segs[i - 1]!));
      else parts.push(segText(segs[i - 1]!));
    }
    return parts.join(".");
  });
const enumerated = fc
  .tuple(octet, octet, octet, fc.array(octet, { minLength: 1, maxLength: 4 }))
  .map(([a, b, c, last]) => `${a}.${b}.${c}.{${last.join(",")}}`);
const commaList = fc
  .array(fc.oneof(nearIpv4, ipv4, ipv6), { minLength: 2, maxLength: 4 })
  .map((l) => l.join(","));
const v6Enumerated = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 3 })
  .map((gs) => `2001:db8:0:0:0:0:0:{${gs.map((g) => g.toString(16)).join(",")}}`);
const anyPattern = fc.oneof(
  rangePattern,
  enumerated,
  commaList,
  v6Enumerated,
  nearIpv4,
  ipv6,
  fc.constantFrom("", "*", "*.*.*.*", "*:*:*:*:*:*:*:*"),
);

/** Addresses near a pattern: its own numbers with a few octets replaced. */
function probes(pattern: string, noise: number[]): string[] {
  const numbers =
    pattern
      .match(/\d+/g)
      ?.map(Number)
      .filter((n) => n <= 255) ?? [];
  const base = [...numbers.slice(0, 4), 0, 0, 0, 0].slice(0, 4);
  const out = [base.join(".")];
  noise.forEach((n, i) => {
    const copy = [...base];
    copy[1 + (i % 3)] = n;
    out.push(copy.join("."));
  });
  return [...out, "10.0.0.1", "2001:db8::1", "2001:db8::2", "::1"];
}

describe("whitelist patterns agree with a literal reading of reference B1", () => {
  it("on random patterns and nearby addresses", () => {
    fc.assert(
      fc.property(
        anyPattern,
        fc.array(octet, { minLength: 3, maxLength: 8 }),
        fc.array(ipv4),
        (p, noise, extra) => {
          const set = parseWhitelistPattern(p);
          for (const address of [...probes(p, noise), ...extra]) {
            expect(containsAddress(set, address), `${p} ∋ ${address}`).toBe(
              referenceMatch(p, address),
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
