// The confirmation re-read at the seam: a fake collector stands in for the point reads.

import { describe, expect, it } from "vitest";
import type { Collected, PrincipalSelection } from "../../shared/audit/collect.ts";
import { confirmNewDrift } from "../../shared/audit/confirm.ts";
import type { Baseline, BaselineTarget } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import type { Perm4Principal } from "../../shared/model/perm4.ts";
import type { Snapshot, SnapshotTarget } from "../../shared/providers/index.ts";
import { createSecretRegistry } from "../../shared/providers/redact.ts";

const now = new Date("2026-11-25T03:00:00Z");
const key = { provider: "huawei", region: "cn-north-4", projectId: "p", instanceId: "i" } as const;
const user = (
  accessKey: string,
  defaultTopicPerm: Perm4Principal["defaultTopicPerm"],
): Perm4Principal => ({
  accessKey,
  admin: false,
  whitelist: "",
  defaultTopicPerm,
  defaultGroupPerm: "DENY",
  topicPerms: [],
  groupPerms: [],
});
const baseline: Baseline = {
  version: 1,
  targets: [
    { ...key, users: { alice: { defaultTopicPerm: "SUB" }, bob: { defaultTopicPerm: "SUB" } } },
  ],
};
const okTarget = (users: Perm4Principal[]): SnapshotTarget => ({
  ...key,
  status: "ok",
  error: null,
  instance: { aclEnabled: true },
  users,
});
const snapshotOf = (t: SnapshotTarget): Snapshot => ({
  schemaVersion: 1,
  collectedAt: now.toISOString(),
  targets: [t],
});

// Listing: alice and bob both drifted to PUB|SUB, and carol is undeclared.
const listed = snapshotOf(
  okTarget([user("alice", "PUB|SUB"), user("bob", "PUB|SUB"), user("carol", "SUB")]),
);
const result = compare(baseline, listed, { now });

/** `listingCalls`: what listing the target cost this run (it decides point reads vs re-list). */
function confirmWith(reread: SnapshotTarget, known: string[] = [], listingCalls = 10) {
  const asked: Array<readonly string[] | undefined> = [];
  const collect = async (
    targets: readonly BaselineTarget[],
    principals: PrincipalSelection,
  ): Promise<Collected> => {
    for (const t of targets)
      asked.push(typeof principals === "function" ? principals(t) : principals);
    return {
      snapshot: snapshotOf(reread),
      stats: new Map([["huawei/cn-north-4/i", { apiCalls: 3, durationMs: 5 }]]),
    };
  };
  const stats = new Map([["huawei/cn-north-4/i", { apiCalls: listingCalls, durationMs: 10 }]]);
  const done = confirmNewDrift({
    baseline,
    snapshot: listed,
    result,
    known: new Set(known),
    now,
    collect,
    secrets: createSecretRegistry(),
    stats,
    logger: silentLogger,
  }).then((c) => ({ ...c.result, merged: c.snapshot }));
  return { done, asked, stats };
}

describe("confirmation re-read", () => {
  it("re-reads only new principal drift and drops what the re-read no longer shows", async () => {
    expect(result.findings.map((f) => `${f.kind}:${f.principal}`).sort()).toEqual([
      "changed:alice",
      "changed:bob",
      "unexpected:carol",
    ]);
    // By the time of the re-read, alice was fixed; bob is still drifted.
    const { done, asked, stats } = confirmWith(
      okTarget([user("alice", "SUB"), user("bob", "PUB|SUB")]),
    );
    const confirmed = await done;
    expect(asked).toEqual([["alice", "bob"]]);
    expect(confirmed.findings.map((f) => `${f.kind}:${f.principal}`).sort()).toEqual([
      "changed:bob",
      "unexpected:carol",
    ]);
    expect(stats.get("huawei/cn-north-4/i")).toEqual({ apiCalls: 13, durationMs: 15 });
    // The stored snapshot is the listing with the re-read laid over it: it reproduces the report.
    expect(compare(baseline, confirmed.merged, { now }).findings).toEqual(confirmed.findings);
    const users = confirmed.merged.targets[0]?.status === "ok" ? confirmed.merged.targets[0] : null;
    expect(
      users && "users" in users
        ? users.users.map((u) => `${u.accessKey}:${u.defaultTopicPerm}`).sort()
        : [],
    ).toEqual(["alice:SUB", "bob:PUB|SUB", "carol:SUB"]);
  });

  it("keeps every finding when the re-read fails (fail closed)", async () => {
    const failed: SnapshotTarget = {
      ...key,
      status: "error",
      error: { code: "Timeout", message: "no response", httpStatus: null },
    };
    const confirmed = await confirmWith(failed).done;
    expect(confirmed.findings.map((f) => f.id)).toEqual(result.findings.map((f) => f.id));
    expect(confirmed.status).toBe("drift");
  });

  it("does nothing for findings already known from the previous run", async () => {
    const known = result.findings.map((f) => f.id);
    const { done, asked } = confirmWith(okTarget([]), known);
    const out = await done;
    expect(out.findings).toEqual(result.findings);
    expect(out.merged).toBe(listed);
    expect(asked).toEqual([]);
  });

  it("lists a target again when that costs fewer calls than its suspects' point reads", async () => {
    // Reading the target cost one call this run; two ShowUser calls would cost more.
    const relisted = okTarget([
      user("alice", "SUB"),
      user("bob", "PUB|SUB"),
      user("carol", "DENY"),
    ]);
    const { done, asked } = confirmWith(relisted, [], 1);
    const confirmed = await done;
    expect(asked).toEqual([undefined]);
    // The reverted drift (alice) is dropped; only suspects are taken from the fresh listing, so
    // carol stays as first listed.
    expect(confirmed.findings.map((f) => `${f.kind}:${f.principal}`).sort()).toEqual([
      "changed:bob",
      "unexpected:carol",
    ]);
    const merged = confirmed.merged.targets[0];
    const carol =
      merged && "users" in merged ? merged.users.find((u) => u.accessKey === "carol") : undefined;
    expect(carol?.defaultTopicPerm).toBe("SUB");
  });
});

describe("confirmation re-read across targets", () => {
  const other = { ...key, instanceId: "j" } as const;
  const two: Baseline = {
    version: 1,
    targets: [
      { ...key, users: { alice: { defaultTopicPerm: "SUB" }, bob: { defaultTopicPerm: "SUB" } } },
      { ...other, users: { alice: { defaultTopicPerm: "SUB" }, bob: { defaultTopicPerm: "SUB" } } },
    ],
  };
  const target = (k: typeof key | typeof other, users: Perm4Principal[]): SnapshotTarget => ({
    ...k,
    status: "ok",
    error: null,
    instance: { aclEnabled: true },
    users,
  });
  // alice drifted on i, bob on j: each target is re-read for its own suspect only.
  const listing: Snapshot = {
    schemaVersion: 1,
    collectedAt: now.toISOString(),
    targets: [
      target(key, [user("alice", "PUB|SUB"), user("bob", "SUB")]),
      target(other, [user("alice", "SUB"), user("bob", "PUB|SUB")]),
    ],
  };

  it("re-reads each target's own suspects, never the union", async () => {
    const asked = new Map<string, readonly string[] | undefined>();
    const collect = async (targets: readonly BaselineTarget[], principals: PrincipalSelection) => {
      for (const t of targets) {
        asked.set(t.instanceId, typeof principals === "function" ? principals(t) : principals);
      }
      // Both drifts were reverted by the time of the re-read.
      const reread: Snapshot = {
        ...listing,
        targets: [target(key, [user("alice", "SUB")]), target(other, [user("bob", "SUB")])],
      };
      return { snapshot: reread, stats: new Map() };
    };
    const stats = new Map([
      ["huawei/cn-north-4/i", { apiCalls: 9, durationMs: 1 }],
      ["huawei/cn-north-4/j", { apiCalls: 9, durationMs: 1 }],
    ]);
    const out = await confirmNewDrift({
      baseline: two,
      snapshot: listing,
      result: compare(two, listing, { now }),
      known: new Set(),
      now,
      collect,
      stats,
      secrets: createSecretRegistry(),
      logger: silentLogger,
    });
    expect(Object.fromEntries(asked)).toEqual({ i: ["alice"], j: ["bob"] });
    expect(out.result.findings).toEqual([]);
    expect(out.result.status).toBe("clean");
  });
});
