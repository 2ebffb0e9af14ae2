// The alert outbox end to end: a real audit of the sandbox, s3rver for storage, and a DingTalk receiver
// that verifies DingTalk's signature and answers as DingTalk does when a robot sends too fast.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Report } from "../../shared/report/schema.ts";
import { closedPort, type Receiver, startReceiver } from "../sinks/alerts/receiver.ts";
import { dingtalkAccepts, json } from "../sinks/alerts/vendor-verify.ts";
import { createBucket, type Harness, S3_CREDENTIALS, startHarness } from "./harness.ts";

const SECRET = "CANARY-DINGTALK-SECRET-77ab";
const at = (iso: string) => () => new Date(iso);

let h: Harness;
beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3_CREDENTIALS.secretAccessKey);
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  vi.unstubAllEnvs();
});

/** A DingTalk robot that refuses with 130101 until `open` is set, verifying every signature. */
async function dingtalkRobot() {
  const state = { open: false };
  const robot = await startReceiver((r) => {
    if (!dingtalkAccepts(r, SECRET)) return { body: { errcode: 310000, errmsg: "sign not match" } };
    return state.open
      ? { body: { errcode: 0, errmsg: "ok" } }
      : { body: { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" } };
  });
  return { robot, state };
}

function dingtalkEnv(robot: Receiver) {
  return {
    RMQ_DRIFT_ALERTS: `dingtalk+${robot.origin}/robot/send?access_token=tok123456`,
    RMQ_DRIFT_ALERT_SECRET_1: SECRET,
  };
}

const pendingKeys = async (bucket: string) =>
  [...(await h.objects(bucket)).keys()].filter((k) => k.includes("/alerts/pending/"));

describe("alert outbox", () => {
  it("a DingTalk alert refused with 130101 in run 1 is delivered exactly once, by run 2", async () => {
    await createBucket(h, "outbox");
    const { robot, state } = await dingtalkRobot();
    try {
      const env = dingtalkEnv(robot);
      const run1 = await h
        .app({ bucket: "outbox", clock: at("2026-11-25T03:00:00Z"), env })
        .run({ trigger: "scheduled" });
      expect(robot.received).toHaveLength(1); // one attempt: a rate limit is not retried in-run
      const [d1] = run1.report.delivery.alerts;
      expect(d1).toMatchObject({ ok: false, attempts: 1, throttled: true, deferred: true });
      expect(d1?.notBefore).toBe("2026-11-25T03:10:00.000Z");
      expect(await pendingKeys("outbox")).toEqual([`audits/${d1?.pending}`]);
      expect(d1?.pending).toMatch(
        new RegExp(`^alerts/pending/${run1.report.runId}-dingtalk-[0-9a-f]{12}\\.json$`),
      );
      const stored = await h.objects("outbox");
      const entry = [...stored].find(([k]) => k.includes("/alerts/pending/"))?.[1] ?? "";
      expect(entry).not.toContain(SECRET);
      expect(entry).not.toContain("tok123456");

      state.open = true;
      const run2 = await h
        .app({ bucket: "outbox", clock: at("2026-11-25T04:00:00Z"), env })
        .run({ trigger: "http", targets: ["alibaba/*"] });
      // Run 2 finds nothing new, so the only message is run 1's alert, re-sent once.
      expect(robot.received).toHaveLength(2);
      const resent = json(robot.received[1]!);
      expect(resent.msgtype).toBe("markdown");
      expect(resent.markdown.text).toContain(`run ${run1.report.runId}`);
      expect(resent.markdown.text).toContain("Delayed: first attempted 2026-11-25 03:00:00 UTC");
      expect(run2.report.delivery.alerts).toEqual([]);
      expect(run2.report.delivery.redelivered).toEqual([
        expect.objectContaining({ ok: true, runId: run1.report.runId, attempts: 1 }),
      ]);
      expect(run2.report.delivery.pending).toBeUndefined();
      expect(await pendingKeys("outbox")).toEqual([]);

      // Run 3 has its own alert (the demo estate keeps a target unreadable), but never run 1's again.
      await h.app({ bucket: "outbox", clock: at("2026-11-25T05:00:00Z"), env }).run({
        trigger: "cli",
      });
      const texts = robot.received.map((r) => JSON.stringify(json(r)));
      expect(texts.filter((t) => t.includes(`run ${run1.report.runId}`))).toHaveLength(2);
    } finally {
      await robot.close();
    }
  });

  it("waits for the channel's notBefore, and a new alert queues behind the old one", async () => {
    await createBucket(h, "behind");
    const { robot, state } = await dingtalkRobot();
    try {
      const env = dingtalkEnv(robot);
      await h.app({ bucket: "behind", clock: at("2026-11-25T03:00:00Z"), env }).run({
        trigger: "scheduled",
      });
      state.open = true;
      // Two minutes later: DingTalk's 10-minute penalty is still running, so nothing is sent, and a
      // new alert (a targeted run has no history, so everything is new) waits behind run 1's.
      const early = await h
        .app({ bucket: "behind", clock: at("2026-11-25T03:02:00Z"), env })
        .run({ trigger: "http", principals: ["*"] });
      expect(robot.received).toHaveLength(1);
      expect(early.report.delivery.redelivered?.[0]).toMatchObject({
        ok: false,
        attempts: 0,
        deferred: true,
      });
      expect(early.report.delivery.alerts[0]).toMatchObject({ ok: false, deferred: true });
      expect(early.report.delivery.pending).toBe(2);

      const late = await h
        .app({ bucket: "behind", clock: at("2026-11-25T03:30:00Z"), env })
        .run({ trigger: "scheduled" });
      const sent = robot.received.slice(1).map((r) => json(r).markdown.text as string);
      const runIds = sent.map((t) => /run (\d{8}T\d{6}Z-[0-9a-f]{6})/.exec(t)?.[1]);
      // The two waiting alerts first, oldest first, then this run's own.
      expect(runIds).toEqual([
        early.report.delivery.redelivered?.[0]?.runId,
        early.report.runId,
        ...(late.report.delivery.alerts.length > 0 ? [late.report.runId] : []),
      ]);
      expect(await pendingKeys("behind")).toEqual([]);
    } finally {
      await robot.close();
    }
  });

  it("keeps an alert for an unreachable channel after its in-run retries", async () => {
    await createBucket(h, "down");
    const port = await closedPort();
    const env = { RMQ_DRIFT_ALERTS: `slack+http://127.0.0.1:${port}/services/T/B/x` };
    const out = await h
      .app({ bucket: "down", clock: at("2026-11-25T03:00:00Z"), env })
      .run({ trigger: "scheduled" });
    const [d] = out.report.delivery.alerts as Report["delivery"]["alerts"];
    expect(d).toMatchObject({ ok: false, deferred: true, status: null });
    expect(d?.attempts).toBeGreaterThan(1);
    expect(await pendingKeys("down")).toHaveLength(1);
  });
});
