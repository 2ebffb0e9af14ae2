// The per-account request budget and the connection pool, observed from the server side: QPS is
// honoured, a throttle pauses every caller sharing the budget, and connections are reused.
import { afterEach, describe, expect, it } from "vitest";
import { createAlibabaClient } from "../../../shared/providers/alibaba/client.ts";
import {
  capturingLogger,
  fakeSleep,
  INSTANCE,
  instanceSeed,
  KEY,
  type Stand,
  seedWith,
  startStandIn,
} from "./helpers.ts";

let stand: Stand | undefined;
afterEach(async () => {
  await stand?.sandbox.close();
  stand = undefined;
});

describe("request budget", () => {
  it("35 requests at qps 25: a burst, yet no one-second window holds more than 25", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    const client = createAlibabaClient({ credentials: KEY, qps: 25, concurrency: 8 });
    // Stamped as each signed request is handed to the transport. (At the server, on a busy
    // machine, the burst's first requests can arrive late — CPU, new connections — which
    // compresses a window there without the client sending faster.)
    const sent: number[] = [];
    const scope = {
      origin: stand.url,
      instanceId: INSTANCE,
      onRequest: () => sent.push(performance.now()),
    };
    await Promise.all(Array.from({ length: 35 }, () => client.getInstance(scope)));
    await client.close();
    expect(stand.route.requests).toHaveLength(35);
    // The stamp follows the budget's grant by however long the event loop takes to get there, so
    // a busy machine shifts single stamps by some tens of ms; a client without the budget would send
    // all 35 within a few ms.
    for (let i = 0; i + 25 < sent.length; i++) {
      expect((sent[i + 25] as number) - (sent[i] as number)).toBeGreaterThanOrEqual(950);
    }
    // The first 25 were not spaced 40 ms apart: the burst went out at once.
    expect((sent[24] as number) - (sent[0] as number)).toBeLessThan(800);
  });

  it("a throttle on one call pauses every call that shares the account's budget", async () => {
    stand = await startStandIn(
      seedWith([instanceSeed(), instanceSeed({ instanceId: "rmq-cn-other" })]),
      {
        faults: [{ kind: "throttle", instanceId: INSTANCE, times: 1, retryAfterMs: 500 }],
      },
    );
    const arrivals: Array<{ instanceId?: string; at: number }> = [];
    stand.route.onRequest = (r) =>
      arrivals.push({ instanceId: r.instanceId, at: performance.now() });
    const lines: string[] = [];
    let other: Promise<unknown> | undefined;
    const logger = capturingLogger(lines);
    const { sleep } = fakeSleep();
    const client = createAlibabaClient({
      credentials: KEY,
      qps: 100,
      concurrency: 4,
      sleep,
      logger,
    });
    // Fire the other instance's call the moment the throttle is seen: without the shared pause
    // it would go out at once.
    logger.warn = (message, fields) => {
      lines.push(message);
      other ??= client.getInstance({ origin: stand?.url ?? "", instanceId: "rmq-cn-other" });
      void fields;
    };
    await client.getInstance({ origin: stand.url, instanceId: INSTANCE });
    await other;
    await client.close();
    const throttledAt = arrivals[0]?.at ?? 0;
    const otherAt = arrivals.find((a) => a.instanceId === "rmq-cn-other")?.at ?? 0;
    expect(lines).toContain("retrying provider call");
    expect(otherAt - throttledAt).toBeGreaterThanOrEqual(450);
  });
});

describe("connections", () => {
  it("reuses keep-alive connections: 40 requests over at most `concurrency` sockets", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    const client = createAlibabaClient({ credentials: KEY, qps: 1000, concurrency: 2 });
    const scope = { origin: stand.url, instanceId: INSTANCE };
    await Promise.all(Array.from({ length: 40 }, () => client.getInstance(scope)));
    await client.close();
    expect(stand.route.requests).toHaveLength(40);
    expect(stand.route.connections()).toBeLessThanOrEqual(2);
  });
});
