import { describe, expect, it, vi } from "vitest";
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
  it("burst 1 spaces requests evenly at the configured QPS", async () => {
    const clock = virtualClock();
    const budget = createRequestBudget({ qps: 10, concurrency: 4, burst: 1, ...clock });
    for (let i = 0; i < 11; i++) (await budget.acquire())();
    // 1 token at start, then one every 100 ms.
    expect(clock.elapsed()).toBeCloseTo(1_000, 0);
  });

  it("lets a burst of floor(qps) go at once, then no 1 s window holds more than qps", async () => {
    // Fake timers: time moves only once every waiting caller has run, so each send time is exact.
    vi.useFakeTimers();
    try {
      const budget = createRequestBudget({ qps: 5, concurrency: 4, now: () => Date.now() });
      const start = Date.now();
      const sent: number[] = [];
      const all = Promise.all(
        Array.from({ length: 50 }, async () => {
          const release = await budget.acquire();
          sent.push(Date.now() - start);
          release();
        }),
      );
      await vi.runAllTimersAsync();
      await all;
      expect(sent.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
      for (let i = 0; i + 5 < sent.length; i++) {
        expect((sent[i + 5] as number) - (sent[i] as number)).toBeGreaterThanOrEqual(1_000);
      }
      // Over the whole run the rate is the QPS: 50 requests in 9 s after the first burst.
      expect(sent.at(-1)).toBe(9_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a fractional QPS keeps its rate: one request per 1/qps seconds", async () => {
    const clock = virtualClock();
    const budget = createRequestBudget({ qps: 0.5, concurrency: 1, ...clock });
    for (let i = 0; i < 4; i++) (await budget.acquire())();
    expect(clock.elapsed()).toBe(6_000);
  });

  it("idle time lets a new burst go, but never more than one window's worth", async () => {
    const clock = virtualClock();
    const budget = createRequestBudget({ qps: 4, concurrency: 4, ...clock });
    for (let i = 0; i < 4; i++) (await budget.acquire())();
    await clock.sleep(10_000);
    const start = clock.now();
    for (let i = 0; i < 5; i++) (await budget.acquire())();
    // Four at once after the pause, the fifth a second after the first of them.
    expect(clock.now() - start).toBe(1_000);
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
