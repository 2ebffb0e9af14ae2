// compare(x, x) yields nothing, and no list order or spelling of equal values changes a result.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Baseline, BaselineTarget } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import type { CompareResult } from "../../shared/drift/result.ts";
import type { Acl2EntryExpectation, Acl2PrincipalExpectation } from "../../shared/model/acl2.ts";
import type { Perm4, Perm4PrincipalExpectation } from "../../shared/model/perm4.ts";
import type { AlibabaTarget } from "../../shared/providers/alibaba/target.ts";
import type { HuaweiTarget } from "../../shared/providers/huawei/target.ts";
import type { Snapshot, SnapshotTarget } from "../../shared/providers/index.ts";
import { aliSnap, aliTarget, hwSnap, hwTarget, NOW, snapshotOf } from "../support/targets.ts";

// ---- generators: small name pools so that two independent baselines overlap.

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const ipEntry = fc.constantFrom(
  "10.0.0.0/8",
  "10.1.2.3/16",
  "192.168.0.1",
  "0.0.0.0/0",
  "2001:db8::/32",
  "::1",
);
const actionSet = fc.subarray(["Pub", "Sub", "Get", "All"]);
const perm = fc.constantFrom<Perm4>("PUB", "SUB", "PUB|SUB", "DENY");
const groupPerm = fc.constantFrom<Perm4>("SUB", "DENY");
const pattern = fc.constantFrom(
  "",
  "*",
  "10.0.0.*",
  "10.0.0.1,10.0.0.2,::1",
  "192.168.1-5.*",
  "10.0.0.{1,2,3}",
);

const acl: fc.Arbitrary<Acl2EntryExpectation> = fc.record(
  {
    resource: fc.constantFrom("Topic:t1", "Topic:t2", "Topic:t3", "Group:g1", "Group:g2"),
    decision: fc.constantFrom("Allow" as const, "Deny" as const),
    actions: actionSet,
    ipWhitelists: fc.uniqueArray(ipEntry, { maxLength: 3 }),
  },
  { requiredKeys: ["resource", "decision"] },
);
const aliAccount: fc.Arbitrary<Acl2PrincipalExpectation> = fc.record(
  {
    status: fc.constantFrom("ENABLE" as const, "DISABLE" as const),
    acls: fc.uniqueArray(acl, { selector: (a) => a.resource, maxLength: 4 }),
  },
  { requiredKeys: [] },
);
const record = <T>(keys: string[], value: fc.Arbitrary<T>) =>
  fc
    .uniqueArray(fc.tuple(fc.constantFrom(...keys), value), {
      selector: ([k]) => k,
      maxLength: keys.length,
    })
    .map((entries) => Object.fromEntries(entries));

const aliTargetArb: fc.Arbitrary<AlibabaTarget> = fc
  .record({
    instance: opt(
      fc.record(
        {
          aclTypes: fc.subarray(["apache_acl", "default"]),
          vpcAuthFree: fc.boolean(),
          internetWhitelist: fc.uniqueArray(ipEntry, { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    ),
    accounts: opt(record(["app-1", "app-2", "app-3"], aliAccount)),
    unmanaged: opt(fc.constantFrom("report" as const, "ignore" as const)),
  })
  .map((t) => aliTarget(strip(t)));

const hwUserArb: fc.Arbitrary<Perm4PrincipalExpectation> = fc.record(
  {
    admin: fc.boolean(),
    whitelist: pattern,
    defaultTopicPerm: perm,
    defaultGroupPerm: groupPerm,
    topicPerms: record(["t1", "t2", "t3"], perm),
    groupPerms: record(["g1", "g2"], groupPerm),
  },
  { requiredKeys: [] },
);
const hwTargetArb: fc.Arbitrary<HuaweiTarget> = fc
  .record({
    instance: opt(fc.record({ aclEnabled: fc.boolean() }, { requiredKeys: [] })),
    users: opt(record(["u_1", "u_2", "u_3"], hwUserArb)),
    unmanaged: opt(fc.constantFrom("report" as const, "ignore" as const)),
  })
  .map((t) => hwTarget(strip(t)));

const baselineArb: fc.Arbitrary<Baseline> = fc
  .tuple(aliTargetArb, hwTargetArb)
  .map((targets) => ({ version: 1, targets }));

/** Drops keys whose value is undefined (absent, not "present but undefined"). */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---- a snapshot that holds exactly what a baseline expects (unchecked fields get any value).

function mirrorTarget(t: BaselineTarget): SnapshotTarget {
  if (t.provider === "alibaba") {
    return aliSnap({
      instance: {
        aclTypes: t.instance?.aclTypes ?? ["apache_acl"],
        vpcAuthFree: t.instance?.vpcAuthFree ?? false,
        internetWhitelist: t.instance?.internetWhitelist ?? [],
      },
      accounts: Object.entries(t.accounts ?? {}).map(([username, a]) => ({
        username,
        status: a.status ?? "ENABLE",
        accountType: "CUSTOMER",
        acls: (a.acls ?? []).map((e) => ({
          resource: e.resource,
          decision: e.decision,
          actions: e.actions ?? ["Pub"],
          ipWhitelists: e.ipWhitelists ?? [],
        })),
      })),
    });
  }
  const named = (r: Record<string, Perm4> | undefined) =>
    Object.entries(r ?? {}).map(([name, p]) => ({ name, perm: p }));
  return hwSnap({
    instance: { aclEnabled: t.instance?.aclEnabled ?? true },
    users: Object.entries(t.users ?? {}).map(([accessKey, u]) => ({
      accessKey,
      admin: u.admin ?? false,
      whitelist: u.whitelist ?? "",
      defaultTopicPerm: u.defaultTopicPerm ?? "DENY",
      defaultGroupPerm: u.defaultGroupPerm ?? "DENY",
      topicPerms: named(u.topicPerms),
      groupPerms: named(u.groupPerms),
    })),
  });
}

const mirror = (b: Baseline): Snapshot => snapshotOf(b.targets.map(mirrorTarget));

// ---- rewrites that keep every value's meaning: list order, action spelling, perm spelling.

type Rnd = () => number;
function rng(seed: number): Rnd {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle<T>(rnd: Rnd, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const shuffleRecord = <T>(rnd: Rnd, r: Record<string, T>) =>
  Object.fromEntries(shuffle(rnd, Object.entries(r)));
function respellActions(rnd: Rnd, actions: readonly string[]): string[] {
  const cased = shuffle(rnd, actions).map((a) => (rnd() < 0.5 ? a.toLowerCase() : a.toUpperCase()));
  return rnd() < 0.5 || cased.length < 2 ? cased : [cased.join("|")];
}
const respellPerm = (p: Perm4): Perm4 => (p === "PUB|SUB" ? "SUB|PUB" : p);
const respellPattern = (rnd: Rnd, p: string) =>
  p.includes(",") && !p.includes("{") ? shuffle(rnd, p.split(",")).join(",") : p;

function rewriteSnapshot(rnd: Rnd, s: Snapshot): Snapshot {
  const targets = s.targets.map((t): SnapshotTarget => {
    if (t.status === "error") return t;
    if (t.provider === "alibaba") {
      const instance = {
        ...t.instance,
        aclTypes: shuffle(rnd, t.instance.aclTypes ?? []).map((x) => x.toUpperCase()),
      };
      const accounts = shuffle(rnd, t.accounts).map((a) => ({
        ...a,
        acls: shuffle(rnd, a.acls).map((e) => ({
          ...e,
          actions: respellActions(rnd, e.actions),
          ipWhitelists: shuffle(rnd, e.ipWhitelists),
        })),
      }));
      return { ...t, instance, accounts };
    }
    const users = shuffle(rnd, t.users).map((u) => ({
      ...u,
      whitelist: respellPattern(rnd, u.whitelist),
      defaultTopicPerm: respellPerm(u.defaultTopicPerm),
      topicPerms: shuffle(rnd, u.topicPerms).map((p) => ({ ...p, perm: respellPerm(p.perm) })),
      groupPerms: shuffle(rnd, u.groupPerms),
    }));
    return { ...t, users };
  });
  return { ...s, targets: shuffle(rnd, targets) };
}

function rewriteBaseline(rnd: Rnd, b: Baseline): Baseline {
  const targets = b.targets.map((t): BaselineTarget => {
    if (t.provider === "alibaba") {
      if (t.accounts === undefined) return t;
      const accounts = Object.fromEntries(
        shuffle(rnd, Object.entries(t.accounts)).map(([name, a]) => [
          name,
          a.acls === undefined
            ? a
            : {
                ...a,
                acls: shuffle(rnd, a.acls).map((e) =>
                  strip({
                    ...e,
                    actions: e.actions && respellActions(rnd, e.actions),
                    ipWhitelists: e.ipWhitelists && shuffle(rnd, e.ipWhitelists),
                  }),
                ),
              },
        ]),
      );
      return { ...t, accounts };
    }
    if (t.users === undefined) return t;
    const users = Object.fromEntries(
      shuffle(rnd, Object.entries(t.users)).map(([name, u]) => [
        name,
        strip({ ...u, topicPerms: u.topicPerms && shuffleRecord(rnd, u.topicPerms) }),
      ]),
    );
    return { ...t, users };
  });
  return { ...b, targets };
}

/** What must not depend on order: which findings, how severe, which way. */
const outcome = (r: CompareResult) => ({
  status: r.status,
  findings: r.findings.map((f) => `${f.id} ${f.field} ${f.kind} ${f.direction} ${f.severity}`),
});

const RUNS = { numRuns: 300 };

describe("compare properties", () => {
  it("a snapshot holding exactly the baseline, in any order and spelling, has no drift", () => {
    fc.assert(
      fc.property(baselineArb, fc.integer(), (baseline, seed) => {
        const snapshot = rewriteSnapshot(rng(seed), mirror(baseline));
        const result = compare(baseline, snapshot, { now: NOW });
        expect(result.findings).toEqual([]);
        expect(result.status).toBe("clean");
      }),
      RUNS,
    );
  });

  it("reordering or respelling any list on either side changes nothing", () => {
    let drifted = 0;
    fc.assert(
      fc.property(baselineArb, baselineArb, fc.integer(), (baseline, other, seed) => {
        const rnd = rng(seed);
        const snapshot = mirror(other);
        const before = compare(baseline, snapshot, { now: NOW });
        const after = compare(rewriteBaseline(rnd, baseline), rewriteSnapshot(rnd, snapshot), {
          now: NOW,
        });
        expect(outcome(after)).toEqual(outcome(before));
        if (before.findings.length > 0) drifted++;
      }),
      RUNS,
    );
    // Guard against a vacuous pass: most generated pairs must actually differ.
    expect(drifted).toBeGreaterThan(RUNS.numRuns / 2);
  });

  it("is deterministic: the same input gives byte-identical output", () => {
    fc.assert(
      fc.property(baselineArb, baselineArb, (baseline, other) => {
        const snapshot = mirror(other);
        const a = JSON.stringify(compare(baseline, snapshot, { now: NOW }));
        expect(JSON.stringify(compare(baseline, snapshot, { now: NOW }))).toBe(a);
      }),
      { numRuns: 100 },
    );
  });
});
