// Each fault kind of the stand-in against the client and the collector: what is retried, how long
// it waits (an injected sleep records the waits), what is not retried, and how a target ends.
import { afterEach, describe, expect, it } from "vitest";
import type { FaultRule } from "../../../sandbox/faults.ts";
import {
  capturingLogger,
  collectorFor,
  fakeSleep,
  INSTANCE,
  instanceSeed,
  type Stand,
  seedWith,
  startStandIn,
  target,
} from "./helpers.ts";

let stand: Stand | undefined;
afterEach(async () => {
  await stand?.sandbox.close();
  stand = undefined;
});

async function setup(faults: FaultRule[], overrides: Parameters<typeof collectorFor>[1] = {}) {
  stand = await startStandIn(seedWith([instanceSeed()]), { faults });
  const { waits, sleep } = fakeSleep();
  const logger = capturingLogger();
  const collector = collectorFor(stand.url, { sleep, logger, ...overrides });
  const scope = { origin: stand.url, instanceId: INSTANCE };
  const count = (action: string) => stand?.route.requests.filter((r) => r.action === action).length;
  return { stand, waits, logger, collector, scope, count };
}

describe("retried faults", () => {
  it("throttling (HTTP 400 Throttling.User) waits what x-acs-retry-after asks, then succeeds", async () => {
    const t = await setup([
      { kind: "throttle", call: "GetInstance", times: 1, retryAfterMs: 1000 },
    ]);
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target.status).toBe("ok");
    expect(t.waits).toEqual([1000]);
    expect(t.count("GetInstance")).toBe(2);
    expect(result.apiCalls).toBe(5);
    expect(
      t.logger.lines.some((l) => l.includes("Throttling.User") && l.includes('"delayMs":1000')),
    ).toBe(true);
  });

  it("a 300 ms x-acs-retry-after costs about 300 ms of real time, not seconds", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]), {
      faults: [{ kind: "throttle", call: "GetInstance", times: 1, retryAfterMs: 300 }],
    });
    const collector = collectorFor(stand.url);
    const started = performance.now();
    const result = await collector.collect(target(undefined));
    const elapsed = performance.now() - started;
    await collector.close();
    expect(result.target.status).toBe("ok");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    // Read as seconds it would be 300 s (or the 30 s cap); the bound only has to tell ms apart.
    expect(elapsed).toBeLessThan(5_000);
  });

  it("5xx (503 then 500 gateway bodies) backs off exponentially with jitter", async () => {
    const t = await setup([{ kind: "server-error", call: "ListInstanceAcl", times: 2 }]);
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target.status).toBe("ok");
    // random() = 0.5 of 200 ms, then of 400 ms.
    expect(t.waits).toEqual([100, 200]);
    expect(t.count("ListInstanceAcl")).toBe(3);
    const retried = t.logger.lines.filter((l) => l.includes("retrying provider call"));
    expect(retried.map((l) => JSON.parse(l).code)).toEqual(["ServiceUnavailable", "InternalError"]);
  });

  it("a request that times out is retried", async () => {
    const t = await setup([{ kind: "timeout", call: "ListInstanceAccount", times: 1 }], {
      timeoutMs: 250,
    });
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target.status).toBe("ok");
    expect(t.count("ListInstanceAccount")).toBe(2);
    expect(t.logger.lines.some((l) => l.includes('"code":"Timeout"'))).toBe(true);
  });

  it("the latency knob delays every answer", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]), { latencyMs: 150 });
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined));
    await collector.close();
    expect(result.target.status).toBe("ok");
    expect(result.durationMs).toBeGreaterThanOrEqual(2 * 140);
  });

  it("a connection reset is retried", async () => {
    const t = await setup([{ kind: "reset", call: "GetInstance", times: 1 }]);
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target.status).toBe("ok");
    expect(t.count("GetInstance")).toBe(2);
    expect(t.logger.lines.some((l) => l.includes('"code":"NetworkError"'))).toBe(true);
  });
});

describe("faults that end a target", () => {
  it("a malformed body is MalformedResponse, not retried", async () => {
    const t = await setup([{ kind: "malformed", call: "ListInstanceAcl", times: 1 }]);
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "MalformedResponse", call: "ListInstanceAcl", httpStatus: 200 },
    });
    expect(result.target.error?.requestId).toBeTruthy();
    expect(t.count("ListInstanceAcl")).toBe(1);
  });

  it("a dead target (5xx on every request) ends as status error after the retries", async () => {
    const t = await setup([{ kind: "server-error", instanceId: INSTANCE }]);
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target).toEqual({
      provider: "alibaba",
      region: "cn-hangzhou",
      instanceId: INSTANCE,
      status: "error",
      error: {
        code: "ServiceUnavailable",
        message: expect.stringContaining("GetInstance failed"),
        httpStatus: 503,
        call: "GetInstance",
        requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      },
    });
    expect(result.apiCalls).toBe(5);
    expect(t.waits).toHaveLength(4);
  });

  it("a target that never answers ends as Timeout with no HTTP status", async () => {
    const t = await setup([{ kind: "timeout", instanceId: INSTANCE }], {
      timeoutMs: 150,
      retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 },
    });
    const result = await t.collector.collect(target(undefined));
    await t.collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "Timeout", httpStatus: null, call: "GetInstance" },
    });
    expect(result.apiCalls).toBe(2);
  });

  it("an unknown instance fails at once: Instance.NotFound, HTTP 404, one request", async () => {
    const t = await setup([]);
    const result = await t.collector.collect(target(undefined, { instanceId: "rmq-cn-gone" }));
    await t.collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "Instance.NotFound", httpStatus: 404, call: "GetInstance" },
    });
    expect(result.apiCalls).toBe(1);
  });

  it("a throttled target recovers while a dead one fails, in one collector", async () => {
    stand = await startStandIn(
      seedWith([instanceSeed(), instanceSeed({ instanceId: "rmq-cn-dead" })]),
      {
        faults: [
          { kind: "throttle", instanceId: INSTANCE, times: 1, retryAfterMs: 300 },
          { kind: "server-error", instanceId: "rmq-cn-dead" },
        ],
      },
    );
    const { sleep } = fakeSleep();
    const collector = collectorFor(stand.url, { sleep });
    const [alive, dead] = await Promise.all([
      collector.collect(target(undefined)),
      collector.collect(target(undefined, { instanceId: "rmq-cn-dead" })),
    ]);
    await collector.close();
    expect(alive.target.status).toBe("ok");
    expect(dead.target).toMatchObject({ status: "error", error: { code: "ServiceUnavailable" } });
  });
});
