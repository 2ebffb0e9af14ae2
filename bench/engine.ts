// Drift engine throughput: a synthetic baseline and snapshot with ~1,000,000 grants (Alibaba ACL
// entries and Huawei topic/group perms, ~1% drifted), timed through `compare`.

import type { Baseline, BaselineTarget } from "../shared/baseline/schema.ts";
import { compare } from "../shared/drift/compare.ts";
import type { Acl2Entry, Acl2EntryExpectation } from "../shared/model/acl2.ts";
import type { Perm4 } from "../shared/model/perm4.ts";
import type { Snapshot, SnapshotTarget } from "../shared/providers/index.ts";
import type { Bench } from "./types.ts";

const TARGETS_PER_CLOUD = 10;
const PRINCIPALS_PER_TARGET = 50;
const ENTRIES_PER_PRINCIPAL = 1000;
const DRIFT_RATE = 0.01;

/** mulberry32: a fixed seed gives the same data on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CIDRS = [[], ["10.0.0.0/8"], ["10.1.0.0/16", "192.168.0.0/24"], ["172.16.0.0/12"]];
const ACTIONS = [["Pub"], ["Sub"], ["Pub", "Sub"], ["Pub|Sub"]];
const PERMS: Perm4[] = ["PUB", "SUB", "PUB|SUB", "DENY"];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function alibabaEntries(rnd: () => number, p: number): [Acl2EntryExpectation[], Acl2Entry[]] {
  const want: Acl2EntryExpectation[] = [];
  const have: Acl2Entry[] = [];
  for (let e = 0; e < ENTRIES_PER_PRINCIPAL; e++) {
    const resource = e % 5 === 0 ? `Group:GID_${p}_${e}` : `Topic:topic-${p}-${e}`;
    const decision = e % 17 === 0 ? "Deny" : "Allow";
    const actions = pick(rnd, ACTIONS);
    const ips = pick(rnd, CIDRS);
    want.push({ resource, decision, actions: [...actions], ipWhitelists: [...ips] });
    const drift = rnd() < DRIFT_RATE;
    have.push({
      resource,
      decision,
      actions: drift && rnd() < 0.5 ? ["Pub", "Sub"] : [...actions],
      ipWhitelists: drift ? ["0.0.0.0/0"] : [...ips],
    });
  }
  return [want, have];
}

function alibabaTarget(rnd: () => number, t: number): [BaselineTarget, SnapshotTarget] {
  const key = { provider: "alibaba", region: "cn-hangzhou", instanceId: `rmq-cn-${t}` } as const;
  const accounts: Record<string, { status: "ENABLE"; acls: Acl2EntryExpectation[] }> = {};
  const cloud = [];
  for (let p = 0; p < PRINCIPALS_PER_TARGET; p++) {
    const [want, have] = alibabaEntries(rnd, p);
    accounts[`app-${p}`] = { status: "ENABLE", acls: want };
    cloud.push({
      username: `app-${p}`,
      status: "ENABLE" as const,
      accountType: "CUSTOMER",
      acls: have,
    });
  }
  const instance = { aclTypes: ["apache_acl"], vpcAuthFree: false, internetWhitelist: [] };
  return [
    { ...key, instance, accounts },
    { ...key, status: "ok", error: null, instance, accounts: cloud },
  ];
}

function huaweiPerms(rnd: () => number, count: number, prefix: string) {
  const want: Record<string, Perm4> = {};
  const have: { name: string; perm: Perm4 }[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${i}`;
    const perm = prefix.startsWith("GID") ? pick(rnd, ["SUB", "DENY"] as const) : pick(rnd, PERMS);
    want[name] = perm;
    have.push({ name, perm: rnd() < DRIFT_RATE ? pick(rnd, PERMS) : perm });
  }
  return [want, have] as const;
}

function huaweiTarget(rnd: () => number, t: number): [BaselineTarget, SnapshotTarget] {
  const key = {
    provider: "huawei",
    region: "cn-north-4",
    projectId: "p",
    instanceId: `i-${t}`,
  } as const;
  const users: Record<string, object> = {};
  const cloud = [];
  for (let u = 0; u < PRINCIPALS_PER_TARGET; u++) {
    const [topicWant, topicHave] = huaweiPerms(rnd, ENTRIES_PER_PRINCIPAL * 0.8, `topic-${u}`);
    const [groupWant, groupHave] = huaweiPerms(rnd, ENTRIES_PER_PRINCIPAL * 0.2, `GID-${u}`);
    const whitelist = u % 10 === 0 ? "10.0.0.*" : "";
    users[`user_${u}`] = {
      admin: false,
      whitelist,
      defaultTopicPerm: "SUB",
      defaultGroupPerm: "DENY",
      topicPerms: topicWant,
      groupPerms: groupWant,
    };
    cloud.push({
      accessKey: `user_${u}`,
      admin: false,
      whitelist,
      defaultTopicPerm: "SUB" as const,
      defaultGroupPerm: "DENY" as const,
      topicPerms: topicHave,
      groupPerms: groupHave,
    });
  }
  return [
    { ...key, instance: { aclEnabled: true }, users },
    { ...key, status: "ok", error: null, instance: { aclEnabled: true }, users: cloud },
  ];
}

function generate(): { baseline: Baseline; snapshot: Snapshot; grants: number } {
  const rnd = prng(20261125);
  const pairs: [BaselineTarget, SnapshotTarget][] = [];
  for (let t = 0; t < TARGETS_PER_CLOUD; t++)
    pairs.push(alibabaTarget(rnd, t), huaweiTarget(rnd, t));
  return {
    baseline: { version: 1, targets: pairs.map(([b]) => b) },
    snapshot: {
      schemaVersion: 1,
      collectedAt: "2026-11-25T03:00:00Z",
      targets: pairs.map(([, s]) => s),
    },
    grants: pairs.length * PRINCIPALS_PER_TARGET * ENTRIES_PER_PRINCIPAL,
  };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

export const bench: Bench = {
  name: "drift engine: compare ~1M grants",
  run() {
    const t0 = performance.now();
    const { baseline, snapshot, grants } = generate();
    console.log(
      `generated ${grants.toLocaleString("en")} grants in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    console.log(`peak RSS after generation: ${mib(process.resourceUsage().maxRSS)}`);
    for (const round of ["cold", "warm"]) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const result = compare(baseline, snapshot, { now: new Date("2026-11-25T03:00:00Z") });
      const cpu = process.cpuUsage(cpuStart);
      const ms = performance.now() - start;
      // CPU time as well as wall time: on a shared machine the wall clock also counts waiting.
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const rate = (t: number) => Math.round(grants / (t / 1000)).toLocaleString("en");
      console.log(
        `${round}: wall ${ms.toFixed(0)} ms (${rate(ms)} grants/s), cpu ${cpuMs.toFixed(0)} ms (${rate(cpuMs)} grants/s), ` +
          `${result.findings.length.toLocaleString("en")} findings, status ${result.status}`,
      );
    }
    console.log(
      `peak RSS: ${mib(process.resourceUsage().maxRSS)} (maxRSS ${process.resourceUsage().maxRSS} KiB)`,
    );
  },
};
