// Target scheduling: every budget domain (a provider's cloud account) has its own lanes, so targets
// of one account never wait behind another's, and a per-target principal selection reaches each
// collector as asked.

import { describe, expect, it } from "vitest";
import { type Collectors, collectTargets } from "../../shared/audit/collect.ts";
import type { BaselineTarget } from "../../shared/baseline/schema.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import type { AlibabaTarget } from "../../shared/providers/alibaba/target.ts";
import type { HuaweiTarget } from "../../shared/providers/huawei/target.ts";
import type { CollectOptions, Collector, TargetCollection } from "../../shared/providers/types.ts";

const alibaba = (id: string): AlibabaTarget => ({
  provider: "alibaba",
  region: "cn-hangzhou",
  instanceId: id,
});
const huawei = (id: string): HuaweiTarget => ({
  provider: "huawei",
  region: "cn-north-4",
  projectId: "p",
  instanceId: id,
});

function fakeCollection(target: BaselineTarget): TargetCollection {
  return {
    target: {
      ...target,
      status: "error",
      error: { code: "Fake", message: "not read", httpStatus: null },
    } as TargetCollection["target"],
    apiCalls: 1,
    durationMs: 1,
  };
}

describe("collectTargets", () => {
  it("Huawei targets proceed while every Alibaba lane waits on its budget", async () => {
    const order: string[] = [];
    let releaseAlibaba = () => {};
    const alibabaBusy = new Promise<void>((resolve) => {
      releaseAlibaba = resolve;
    });
    const byProvider: Record<string, Collector<BaselineTarget>> = {
      alibaba: async (t) => {
        await alibabaBusy;
        order.push(t.instanceId);
        return fakeCollection(t);
      },
      huawei: async (t) => {
        order.push(t.instanceId);
        // Once both Huawei targets are done, the Alibaba account's budget frees up.
        if (order.length === 2) releaseAlibaba();
        return fakeCollection(t);
      },
    };
    const collectors: Collectors = (t) => byProvider[t.provider];
    const targets = [alibaba("a1"), alibaba("a2"), huawei("h1"), huawei("h2")];
    const out = await collectTargets(targets, collectors, {
      concurrency: 1,
      logger: silentLogger,
      now: () => new Date("2026-11-25T03:00:00Z"),
    });
    expect(order).toEqual(["h1", "h2", "a1", "a2"]);
    // Results keep the targets' order whatever order they finished in.
    expect(out.snapshot.targets.map((t) => t.instanceId)).toEqual(["a1", "a2", "h1", "h2"]);
  });

  it("hands each target its own principals; undefined lists it in full", async () => {
    const asked = new Map<string, CollectOptions["principals"]>();
    const record = async (t: BaselineTarget, options?: CollectOptions) => {
      asked.set(t.instanceId, options?.principals);
      return fakeCollection(t);
    };
    const collectors: Collectors = () => record;
    await collectTargets([alibaba("a1"), huawei("h1")], collectors, {
      concurrency: 2,
      principals: (t) => (t.instanceId === "a1" ? ["app-1"] : undefined),
      logger: silentLogger,
      now: () => new Date("2026-11-25T03:00:00Z"),
    });
    expect(Object.fromEntries(asked)).toEqual({ a1: ["app-1"], h1: undefined });
  });
});
