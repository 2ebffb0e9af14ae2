// The outbox against a real folder store and a real receiver: overlapping runs deliver an entry once,
// a damaged entry neither crashes nor blocks the others, a channel no longer configured keeps its
// alerts, and a re-sent alert gets a fresh link.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../../shared/log/logger.ts";
import { createHttpTransport } from "../../../shared/net/transport.ts";
import { deliverOne } from "../../../shared/sinks/alerts/deliver.ts";
import { flushOutbox, queueAlert } from "../../../shared/sinks/alerts/outbox.ts";
import { openFolderStore } from "../../../shared/sinks/folder-store.ts";
import type { ReportStore } from "../../../shared/sinks/store.ts";
import { channel, sampleMessage } from "./alert-fixture.ts";
import { type Receiver, startReceiver } from "./receiver.ts";
import { json } from "./vendor-verify.ts";

const NOW = new Date("2026-11-25T04:00:00Z");
let dir: string;
let store: ReportStore;
let receiver: Receiver;
const transport = createHttpTransport();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-outbox-"));
  store = openFolderStore(dir);
  receiver = await startReceiver(() => ({ body: "ok" }));
});
afterAll(() => transport.close());
afterEach(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

function deps() {
  return {
    store,
    now: () => NOW,
    logger: silentLogger,
    linkFor: async (key: string) => `https://reports.example.com/fresh/${key}`,
    send: (c: ReturnType<typeof channel>, m: ReturnType<typeof sampleMessage>) =>
      deliverOne(c, m, transport, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
  };
}

const failure = { error: "HTTP 429: rate_limited", attempts: 1 };

describe("flushOutbox", () => {
  it("two overlapping runs deliver a waiting alert exactly once, with a fresh link", async () => {
    const slack = channel("slack", `${receiver.origin}/services/T/B/x`);
    await queueAlert(slack, sampleMessage(), failure, "runs/x/report.html", {
      store,
      now: () => new Date("2026-11-25T03:00:00Z"),
    });
    const [a, b] = await Promise.all([
      flushOutbox([slack], "20261125T040000Z-aaaaaa", deps()),
      flushOutbox([slack], "20261125T040000Z-bbbbbb", deps()),
    ]);
    expect(receiver.received).toHaveLength(1);
    expect(a.delivered + b.delivered).toBe(1);
    const sent = json(receiver.received[0]!);
    const button = sent.blocks.find((x: { type: string }) => x.type === "actions");
    expect(button.elements[0].url).toBe("https://reports.example.com/fresh/runs/x/report.html");
    expect(sent.blocks[1].text.text).toContain("Delayed: first attempted 2026-11-25 03:00:00 UTC");
    expect(await store.list("alerts/pending")).toEqual([]);
  });

  it("skips a damaged entry without blocking the next, and keeps alerts of unconfigured channels", async () => {
    const slack = channel("slack", `${receiver.origin}/services/T/B/x`);
    const gone = channel("wecom", `${receiver.origin}/cgi-bin/webhook/send?key=old`, null, 2);
    const { key } = await queueAlert(slack, sampleMessage(), failure, null, deps());
    const damaged = key.replace("20261125T030000Z-3f9a2c", "20261125T020000Z-000000");
    await store.put(damaged, "{ not json", "application/json");
    const orphan = await queueAlert(gone, sampleMessage(), failure, null, deps());
    const out = await flushOutbox([slack], "20261125T040000Z-cccccc", deps());
    expect(out.delivered).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect(await store.list("alerts/pending")).toEqual([damaged, orphan.key].sort());
  });

  it("leaves a throttled channel alone until its notBefore, and re-queues a refused re-send", async () => {
    await receiver.close();
    receiver = await startReceiver(() => ({ status: 429, headers: { "retry-after": "30" } }));
    const slack = channel("slack", `${receiver.origin}/services/T/B/x`);
    const later = { ...failure, retryAfterMs: 2 * 3600_000 };
    const { key, notBefore } = await queueAlert(slack, sampleMessage(), later, null, {
      store,
      now: () => new Date("2026-11-25T03:00:00Z"),
    });
    expect(notBefore).toBe("2026-11-25T05:00:00.000Z");
    const early = await flushOutbox([slack], "20261125T040000Z-dddddd", deps());
    expect(receiver.received).toHaveLength(0);
    expect(early.redelivered).toEqual([
      expect.objectContaining({ ok: false, attempts: 0, deferred: true, pending: key, notBefore }),
    ]);
    expect([...early.blocked.values()]).toEqual([`the channel asked to wait until ${notBefore}`]);

    const at6 = { ...deps(), now: () => new Date("2026-11-25T06:00:00Z") };
    const refused = await flushOutbox([slack], "20261125T060000Z-eeeeee", at6);
    expect(receiver.received).toHaveLength(1);
    expect(refused.redelivered[0]).toMatchObject({
      ok: false,
      throttled: true,
      deferred: true,
      notBefore: "2026-11-25T06:00:30.000Z",
    });
    const kept = JSON.parse((await store.get(key)) ?? "{}");
    expect(kept).toMatchObject({ attempts: 2, claim: null, notBefore: "2026-11-25T06:00:30.000Z" });
  });
});
