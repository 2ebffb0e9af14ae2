import { describe, expect, it } from "vitest";
import { createRequestBudget } from "../../shared/net/limit.ts";

/** A virtual clock: sleeping advances time instantly, so budgets are tested without waiting. */
function virtualClock() {
  let t = 0;
  const sleep = async (ms: number) => {
    t += ms;
  };
  return { now: () => t, sleep, elapsed: () => t };
}

describe("request budget", () => {
  it("spaces requests at the configured QPS after the burst", async () => {
    const clock = virtualClock();
    const budget = createRequestBudget({ qps: 10, concurrency: 4, burst: 1, ...clock });
    for (let i = 0; i < 11; i++) (await budget.acquire())();
    // 1 token at start, then one every 100 ms.
    expect(clock.elapsed()).toBeCloseTo(1_000, 0);
  });

  it("caps concurrency: a slot frees only when released", async () => {
    const budget = createRequestBudget({ qps: 1_000, concurrency: 2 });
    const a = await budget.acquire();
    await budget.acquire();
    let third = false;
    const pending = budget.acquire().then((r) => {
      third = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    a();
    (await pending)();
    expect(third).toBe(true);
  });

  it("pause holds every caller sharing the budget", async () => {
    const clock = virtualClock();
    const budget = createRequestBudget({ qps: 100, concurrency: 4, ...clock });
    (await budget.acquire())();
    budget.pause(2_000);
    (await budget.acquire())();
    expect(clock.elapsed()).toBeGreaterThanOrEqual(2_000);
  });

  it("rejects nonsensical settings", () => {
    expect(() => createRequestBudget({ qps: 0, concurrency: 1 })).toThrow(/qps/);
    expect(() => createRequestBudget({ qps: 1, concurrency: 0 })).toThrow(/concurrency/);
  });
});
