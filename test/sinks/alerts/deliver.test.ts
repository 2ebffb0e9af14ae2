// Retries, backoff and the recorded outcome of each delivery, against real local receivers.
import { afterEach, describe, expect, it } from "vitest";
import { createJsonLogger } from "../../../shared/log/logger.ts";
import { deliverAlerts } from "../../../shared/sinks/alerts/deliver.ts";
import { channel, sampleMessage } from "./alert-fixture.ts";
import { type Receiver, startReceiver } from "./receiver.ts";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("deliverAlerts", () => {
  it("waits as long as Retry-After asks after a 429, then succeeds", async () => {
    receiver = await startReceiver((_, n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "7" }, body: "rate_limited" }
        : { body: "ok" },
    );
    const { waits, sleep } = fakeSleep();
    const [d] = await deliverAlerts(
      [channel("slack", `${receiver.origin}/services/x`)],
      sampleMessage(),
      {
        sleep,
        random: () => 0,
      },
    );
    expect(d).toMatchObject({ ok: true, attempts: 2, status: 200, error: null });
    expect(waits).toEqual([7000]);
  });

  it("gives up on a permanent 500 after retries + 1 attempts, records it and logs an error", async () => {
    receiver = await startReceiver(() => ({ status: 500, body: "upstream broke" }));
    const { waits, sleep } = fakeSleep();
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l) });
    const retry = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };
    const [d] = await deliverAlerts(
      [channel("webhook", `${receiver.origin}/h`, "k")],
      sampleMessage(),
      {
        retry,
        sleep,
        random: () => 1,
        logger,
      },
    );
    expect(d).toEqual({
      channel: `webhook@${new URL(receiver.origin).host}`,
      ok: false,
      attempts: 4,
      status: 500,
      error: "HTTP 500: upstream broke",
    });
    expect(receiver.received).toHaveLength(4);
    expect(waits).toEqual([100, 200, 400]);
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.level === "error");
    expect(failed).toMatchObject({
      message: "alert delivery failed",
      channel: "webhook",
      attempts: 4,
    });
  });

  it("does not retry a 4xx other than 429", async () => {
    receiver = await startReceiver(() => ({ status: 404, body: "no_service" }));
    const [d] = await deliverAlerts([channel("slack", `${receiver.origin}/s`)], sampleMessage(), {
      sleep: async () => {},
    });
    expect(d).toMatchObject({ ok: false, attempts: 1, status: 404, error: "HTTP 404: no_service" });
  });

  it("retries DingTalk's throttle code and WeCom's frequency limit", async () => {
    const seen = new Map<string, number>();
    receiver = await startReceiver((r) => {
      const n = (seen.get(r.url.pathname) ?? 0) + 1;
      seen.set(r.url.pathname, n);
      if (n > 1) return { body: { errcode: 0, errmsg: "ok" } };
      return r.url.pathname.startsWith("/robot")
        ? { body: { errcode: 130101, errmsg: "send too fast" } }
        : { body: { errcode: 45009, errmsg: "api freq out of limit" } };
    });
    const results = await deliverAlerts(
      [
        channel("dingtalk", `${receiver.origin}/robot/send?access_token=t`),
        channel("wecom", `${receiver.origin}/cgi-bin/webhook/send?key=k`, null, 2),
      ],
      sampleMessage(),
      { sleep: async () => {} },
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results.map((r) => r.attempts)).toEqual([2, 2]);
  });

  it("times out a receiver that never answers", async () => {
    receiver = await startReceiver(() => null);
    const [d] = await deliverAlerts(
      [channel("feishu", `${receiver.origin}/hook/x`)],
      sampleMessage(),
      {
        timeoutMs: 150,
        retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
        sleep: async () => {},
      },
    );
    expect(d).toMatchObject({ ok: false, attempts: 2, status: null });
    expect(d?.error).toMatch(/no response from http:\/\/127\.0\.0\.1:\d+ within 150 ms/);
  });

  it("delivers to every channel independently: one failure does not stop the others", async () => {
    receiver = await startReceiver((r) =>
      r.url.pathname === "/bad" ? { status: 400 } : { body: "ok" },
    );
    const results = await deliverAlerts(
      [
        channel("slack", `${receiver.origin}/bad`),
        channel("slack", `${receiver.origin}/good`, null, 2),
      ],
      sampleMessage(),
    );
    expect(results.map((r) => r.ok)).toEqual([false, true]);
  });
});
