import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  MAX_SERVER_WAIT_MS,
  parseRetryAfter,
  parseRetryAfterMs,
  withRetry,
} from "../../shared/net/retry.ts";

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("withRetry", () => {
  it("retries retryable errors with growing, jittered, capped delays", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw new Error("flaky");
        return "ok";
      },
      {
        policy,
        classify: () => ({ retry: true }),
        sleep: async (ms) => void waits.push(ms),
        random: () => 1,
      },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it("gives up after the policy's retries and rethrows the last error", async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new Error(`fail ${calls}`);
      },
      { policy, classify: () => ({ retry: true }), sleep: async () => {}, random: () => 0.5 },
    );
    await expect(run).rejects.toThrow("fail 4");
    expect(calls).toBe(4);
  });

  it("does not retry errors classified as permanent", async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new Error("auth");
      },
      { policy, classify: () => ({ retry: false }), sleep: async () => {} },
    );
    await expect(run).rejects.toThrow("auth");
    expect(calls).toBe(1);
  });

  it("waits at least what the server asked for", async () => {
    const waits: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw new Error("throttled");
      },
      {
        policy,
        classify: () => ({ retry: true, afterMs: 3_000 }),
        sleep: async (ms) => void waits.push(ms),
        random: () => 1,
      },
    );
    expect(waits).toEqual([3_000]);
  });
});

describe("backoffDelay", () => {
  it("never exceeds the cap", () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(backoffDelay(policy, attempt, () => 0.999)).toBeLessThanOrEqual(1_000);
    }
  });
});

describe("parseRetryAfter", () => {
  it("reads delta seconds, whatever their size, and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter("1500")).toBe(1_500_000);
    expect(
      parseRetryAfter("Wed, 25 Nov 2026 03:00:10 GMT", Date.parse("2026-11-25T03:00:00Z")),
    ).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("parseRetryAfterMs (x-acs-retry-after)", () => {
  it("reads integer milliseconds, capped so one hint cannot stall the budget", () => {
    expect(parseRetryAfterMs("300")).toBe(300);
    expect(parseRetryAfterMs("2")).toBe(2);
    expect(parseRetryAfterMs("500")).toBe(500);
    expect(parseRetryAfterMs("999999")).toBe(MAX_SERVER_WAIT_MS);
    expect(parseRetryAfterMs("1.5")).toBeUndefined();
    expect(parseRetryAfterMs("-1")).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});
