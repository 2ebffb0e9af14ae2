// The confirmation re-read at the seam: a fake collector stands in for the point reads.
import { describe, expect, it } from "vitest";
import type { Collected } from "../../shared/audit/collect.ts";
import { confirmNewDrift } from "../../shared/audit/confirm.ts";
import type { Baseline } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import type { HuaweiUser, Snapshot, SnapshotTarget } from "../../shared/model/snapshot.ts";
import { createSecretRegistry } from "../../shared/providers/redact.ts";

const now = new Date("2026-11-25T03:00:00Z");
const key = { provider: "huawei", region: "cn-north-4", projectId: "p", instanceId: "i" } as const;
const user = (accessKey: string, defaultTopicPerm: HuaweiUser["defaultTopicPerm"]): HuaweiUser => ({
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
const okTarget = (users: HuaweiUser[]): SnapshotTarget => ({
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

function confirmWith(reread: SnapshotTarget, known: string[] = []) {
  const asked: string[][] = [];
  const collect = async (_t: unknown, principals: readonly string[]): Promise<Collected> => {
    asked.push([...principals]);
    return {
      snapshot: snapshotOf(reread),
      stats: new Map([["huawei/cn-north-4/i", { apiCalls: 3, durationMs: 5 }]]),
    };
  };
  const stats = new Map([["huawei/cn-north-4/i", { apiCalls: 2, durationMs: 10 }]]);
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
    expect(stats.get("huawei/cn-north-4/i")).toEqual({ apiCalls: 5, durationMs: 15 });
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
});
