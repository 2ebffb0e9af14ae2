// Retries, backoff and the recorded outcome of each delivery, against real local receivers.
import { afterEach, describe, expect, it } from "vitest";
import { createJsonLogger } from "../../../shared/log/logger.ts";
import { createHttpTransport } from "../../../shared/net/transport.ts";
import { deliverAlerts, deliverOne } from "../../../shared/sinks/alerts/deliver.ts";
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
  it("takes a 429 as 'try later': one attempt, no in-run retry, Retry-After kept", async () => {
    receiver = await startReceiver(() => ({
      status: 429,
      headers: { "retry-after": "7" },
      body: "rate_limited",
    }));
    const { waits, sleep } = fakeSleep();
    const [d] = await deliverAlerts(
      [channel("slack", `${receiver.origin}/services/x`)],
      sampleMessage(),
      { sleep, random: () => 0 },
    );
    expect(d).toMatchObject({ ok: false, attempts: 1, status: 429, throttled: true });
    expect(receiver.received).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("retries a transient 503, honouring Retry-After, then succeeds", async () => {
    receiver = await startReceiver((_, n) =>
      n === 1 ? { status: 503, headers: { "retry-after": "2" }, body: "busy" } : { body: "ok" },
    );
    const { waits, sleep } = fakeSleep();
    const [d] = await deliverAlerts(
      [channel("slack", `${receiver.origin}/services/x`)],
      sampleMessage(),
      { sleep, random: () => 0 },
    );
    expect(d).toMatchObject({ ok: true, attempts: 2, status: 200, error: null });
    expect(waits).toEqual([2000]);
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

  it("does not retry rate-limit codes (DingTalk 130101/130102, WeCom 45009, Feishu 11232)", async () => {
    const codes: Record<string, object> = {
      "/robot/a": { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" },
      "/robot/b": { errcode: 130102, errmsg: "send too fast" },
      "/cgi-bin/webhook/send": { errcode: 45009, errmsg: "api freq out of limit" },
      "/open-apis/bot/v2/hook/x": { code: 11232, msg: "frequency limited psm" },
    };
    receiver = await startReceiver((r) => ({ body: codes[r.url.pathname] ?? {} }));
    const { waits, sleep } = fakeSleep();
    const results = await deliverAlerts(
      [
        channel("dingtalk", `${receiver.origin}/robot/a?access_token=t`),
        channel("dingtalk", `${receiver.origin}/robot/b?access_token=t`, null, 2),
        channel("wecom", `${receiver.origin}/cgi-bin/webhook/send?key=k`, null, 3),
        channel("feishu", `${receiver.origin}/open-apis/bot/v2/hook/x`, null, 4),
      ],
      sampleMessage(),
      { sleep },
    );
    expect(results.map((r) => [r.ok, r.attempts, r.throttled])).toEqual([
      [false, 1, true],
      [false, 1, true],
      [false, 1, true],
      [false, 1, true],
    ]);
    expect(receiver.received).toHaveLength(4);
    expect(waits).toEqual([]);
  });

  it("reads Feishu's gateway limit (HTTP 429, code 99991400, x-ogw-ratelimit-reset)", async () => {
    receiver = await startReceiver(() => ({
      status: 429,
      headers: { "x-ogw-ratelimit-reset": "52" },
      body: { code: 99991400, msg: "request trigger frequency limit" },
    }));
    const transport = createHttpTransport();
    try {
      const out = await deliverOne(
        channel("feishu", `${receiver.origin}/open-apis/bot/v2/hook/x`),
        sampleMessage(),
        transport,
        {},
      );
      expect(out).toMatchObject({ throttled: true, retryAfterMs: 52_000 });
      expect(out.delivery.error).toBe("code 99991400: request trigger frequency limit");
    } finally {
      await transport.close();
    }
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
