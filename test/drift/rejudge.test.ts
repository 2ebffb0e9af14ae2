// Carried-forward findings re-judged against the current baseline (DESIGN.md §5): the engine
// decides, on the cloud state the finding last saw.
import { describe, expect, it } from "vitest";
import type { Baseline } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import { rejudgeCarried } from "../../shared/drift/rejudge.ts";
import type { Finding } from "../../shared/model/finding.ts";
import { account, aliSnap, aliTarget, baselineOf, NOW, snapshotOf } from "../support/targets.ts";
import { scenarioBaseline, scenarioNow, scenarioSnapshot } from "./scenario.ts";

describe("rejudgeCarried", () => {
  it("against the baseline that made it, every finding of every kind and field is carried as is", () => {
    const { findings } = compare(scenarioBaseline, scenarioSnapshot, { now: scenarioNow });
    const judged = findings.filter((f) => f.kind !== "unreadable");
    expect(new Set(judged.map((f) => f.field)).size).toBeGreaterThan(12);
    // A finding does not record whether the cloud's permission was explicit or its default, so
    // only that note of the message may differ.
    const plain = (f: Finding | null) =>
      f && { ...f, message: f.message.replace(" (default)", "") };
    for (const f of judged) {
      const again = rejudgeCarried(f, scenarioBaseline, scenarioNow);
      expect(plain(again), `${f.field} ${f.kind}`).toEqual(plain(f));
    }
  });

  const acl = { resource: "Topic:orders", decision: "Allow" as const, actions: ["Pub"] };
  const before = baselineOf([
    aliTarget({
      instance: { accessWhitelist: ["10.0.0.0/8"] },
      accounts: { app: { status: "ENABLE", acls: [{ ...acl, ipWhitelists: ["10.0.0.0/8"] }] } },
    }),
  ]);
  const cloud = snapshotOf([
    aliSnap({
      instance: {
        aclTypes: ["apache_acl"],
        vpcAuthFree: false,
        internetWhitelist: [],
        accessWhitelist: ["0.0.0.0/0"],
      },
      accounts: [
        account("app", { acls: [{ ...acl, ipWhitelists: ["0.0.0.0/0"] }] }),
        account("intruder", { acls: [] }),
      ],
    }),
  ]);
  const found = compare(before, cloud, { now: NOW }).findings;
  const byField = (field: string) => found.find((f) => f.field === field) as Finding;
  const withTarget = (t: Baseline["targets"][number], extra: Partial<Baseline> = {}) =>
    baselineOf([t], extra);

  it("what the current baseline now accepts is not carried", () => {
    const accepted = withTarget(
      aliTarget({
        instance: { accessWhitelist: ["0.0.0.0/0"] },
        accounts: {
          app: { status: "ENABLE", acls: [{ ...acl, ipWhitelists: ["0.0.0.0/0"] }] },
          intruder: {},
        },
      }),
    );
    expect(found.map((f) => f.field).sort()).toEqual([
      "accessWhitelist",
      "ipWhitelists",
      "principal",
    ]);
    for (const f of found) expect(rejudgeCarried(f, accepted, NOW), f.field).toBeNull();
  });

  it("what the current baseline no longer names is not carried", () => {
    const unnamed = withTarget(aliTarget({ accounts: {} }), { defaults: { unmanaged: "ignore" } });
    for (const f of found) expect(rejudgeCarried(f, unnamed, NOW), f.field).toBeNull();
  });

  it("what it still contradicts is carried with the current expectation and waiver", () => {
    const tighter = withTarget(
      aliTarget({
        instance: { accessWhitelist: ["10.1.0.0/16"] },
        accounts: before.targets[0]?.provider === "alibaba" ? before.targets[0].accounts : {},
      }),
      {
        waivers: [
          {
            id: "W-1",
            target: "alibaba/*",
            principal: "intruder",
            reason: "r",
            expires: "2099-01-01",
          },
        ],
      },
    );
    const access = rejudgeCarried(byField("accessWhitelist"), tighter, NOW);
    expect(access).toMatchObject({
      expected: ["10.1.0.0/16"],
      actual: ["0.0.0.0/0"],
      severity: "critical",
    });
    expect(rejudgeCarried(byField("principal"), tighter, NOW)?.waiver?.id).toBe("W-1");
    expect(rejudgeCarried(byField("ipWhitelists"), tighter, NOW)).toEqual(byField("ipWhitelists"));
  });
});
