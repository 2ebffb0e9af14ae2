// Fan-out over real parts (DESIGN.md §9): the cloud stand-ins, s3rver as the store, and workers that
// run the real worker code on their own app when "the platform" delivers a payload. The coordinator
// and the workers meet only through the store, as they do on Function Compute and Lambda.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../shared/audit/app.ts";
import type { ShardOutcome } from "../../shared/audit/types.ts";
import type { WorkerInvoker, WorkerPayload } from "../../shared/invoke/types.ts";
import { renderMarkdown } from "../../shared/report/render-md.ts";
import { type Report, ReportSchema } from "../../shared/report/schema.ts";
import {
  canaryEstate,
  createBucket,
  type Harness,
  S3_CREDENTIALS,
  startHarness,
} from "./harness.ts";

const ALI_CANARY = "CANARY-ALI-PW-fa7e01";
const HW_CANARY = "CANARY-HW-SK-fa7e02";

const at = (iso: string) => () => new Date(iso);
const CLOCK = "2026-11-25T03:00:00Z";

/** What a report says, without what differs by run (ids, times, durations, call counts). */
function essence(r: Report) {
  return {
    status: r.status,
    summary: r.summary,
    findings: r.findings.map((f) => [
      f.id,
      f.target,
      f.principal,
      f.field,
      f.severity,
      f.state,
      f.message,
    ]),
    targets: r.targets.map((t) => [
      t.key,
      t.status,
      t.error?.code ?? null,
      t.principals,
      t.entries,
    ]),
  };
}

type Behaviour = "run" | "drop" | "twice";

/**
 * A platform stand-in: accepts each payload at once and, a moment later, runs the worker on its own
 * app (a separate "container"); `behave` says what happens to shard n.
 */
function platform(worker: () => App, behave: (n: number) => Behaviour = () => "run") {
  const outcomes: ShardOutcome[] = [];
  const payloads: WorkerPayload[] = [];
  const running: Promise<void>[] = [];
  const invoker: WorkerInvoker = {
    platform: "local",
    async invoke(payload) {
      payloads.push(payload);
      const how = behave(payload.shard.n);
      if (how !== "drop") {
        running.push(
          (async () => {
            await new Promise((r) => setTimeout(r, 5));
            outcomes.push(await worker().runShard(payload));
            if (how === "twice") outcomes.push(await worker().runShard(payload));
          })(),
        );
      }
      return { requestId: `req-${payload.shard.n}` };
    },
    async close() {},
  };
  return { invoker, outcomes, payloads, settle: () => Promise.all(running) };
}

let h: Harness;
beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3_CREDENTIALS.secretAccessKey);
  h = await startHarness(canaryEstate(ALI_CANARY, HW_CANARY));
});
afterAll(async () => {
  await h.close();
  vi.unstubAllEnvs();
});

describe("fan-out", { timeout: 60_000 }, () => {
  it("the sharded report equals the one-function report, and its stored snapshot reproduces it", async () => {
    await createBucket(h, "fan-same");
    const one = await h
      .app({ bucket: "fan-same", prefix: "one", clock: at(CLOCK) })
      .run({ trigger: "cli", noAlerts: true });
    const worker = () => h.app({ bucket: "fan-same", prefix: "many", clock: at(CLOCK) });
    const p = platform(worker);
    const many = await h
      .app({
        bucket: "fan-same",
        prefix: "many",
        clock: at(CLOCK),
        fanout: { openInvoker: () => p.invoker, shardSize: 1, waitMs: 30_000, pollMs: 20 },
      })
      .run({ trigger: "cli", noAlerts: true });
    await p.settle();

    expect(one.report.targets.length).toBeGreaterThan(1);
    expect(one.report.shards).toBeUndefined();
    expect(essence(many.report)).toEqual(essence(one.report));
    expect(many.report.shards?.map((s) => [s.n, s.targets, s.status])).toEqual(
      one.report.targets.map((_, n) => [n, 1, "ok"]),
    );
    expect(ReportSchema.parse(many.report)).toBeTruthy();
    expect(p.outcomes.every((o) => o.result === "written")).toBe(true);

    const objects = await h.objects("fan-same");
    const keys = [...objects.keys()].filter((k) => k.startsWith("many/runs/"));
    const dir = keys.find((k) => k.endsWith("/plan.json"))?.replace(/plan\.json$/, "") ?? "";
    expect(keys).toEqual(
      expect.arrayContaining([
        `${dir}plan.json`,
        `${dir}report.json`,
        `${dir}snapshot.json`,
        `${dir}shards/0.json`,
      ]),
    );
    // No secret reached the plan, the shards or the logs.
    for (const [key, body] of objects) {
      expect(body, key).not.toContain(ALI_CANARY);
      expect(body, key).not.toContain(HW_CANARY);
    }
    expect(h.logs.join("\n")).not.toContain(ALI_CANARY);
    expect(h.logs.join("\n")).not.toContain(HW_CANARY);

    // `audit --snapshot` of the merged snapshot reproduces the findings.
    const tmp = await mkdtemp(join(tmpdir(), "rmq-fan-"));
    try {
      const file = join(tmp, "snapshot.json");
      await writeFile(file, objects.get(`${dir}snapshot.json`) ?? "");
      const offline = await h
        .app({ bucket: "fan-same", prefix: "offline", clock: at(CLOCK) })
        .run({ trigger: "cli", snapshotPath: file, noAlerts: true, dryRun: true });
      expect(essence(offline.report).findings).toEqual(essence(one.report).findings);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }

    // The next run hands its workers the history it read: they re-read only drift not seen before.
    const again = platform(worker);
    const next = await h
      .app({
        bucket: "fan-same",
        prefix: "many",
        clock: at("2026-11-26T03:00:00Z"),
        fanout: { openInvoker: () => again.invoker, shardSize: 1, waitMs: 30_000, pollMs: 20 },
      })
      .run({ trigger: "cli", noAlerts: true });
    await again.settle();
    const later = await h.objects("fan-same");
    const plan = JSON.parse(
      [...later].find(([k]) => k.includes(next.report.runId) && k.endsWith("/plan.json"))?.[1] ??
        "{}",
    );
    expect(plan.known).toEqual(many.report.findings.map((f) => f.id));
    expect(next.report.findings.every((f) => f.state === "persisting")).toBe(true);
  });

  it("a worker that never answers makes exactly its targets unreadable (ShardTimeout)", async () => {
    await createBucket(h, "fan-lost");
    const worker = () => h.app({ bucket: "fan-lost", clock: () => new Date() });
    const p = platform(worker, (n) => (n === 1 ? "drop" : "run"));
    const outcome = await h
      .app({
        bucket: "fan-lost",
        clock: () => new Date(),
        fanout: { openInvoker: () => p.invoker, shardSize: 1, waitMs: 1500, pollMs: 20 },
      })
      .run({ trigger: "cli", noAlerts: true });
    await p.settle();
    const { report } = outcome;
    expect(report.status).toBe("incomplete");
    const unreadable = report.targets.filter((t) => t.status === "unreadable");
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]?.key).toBe(report.targets[1]?.key);
    expect(unreadable[0]?.error?.code).toBe("ShardTimeout");
    expect(report.shards?.find((s) => s.n === 1)).toMatchObject({
      status: "missing",
      durationMs: null,
    });
    expect(report.shards?.filter((s) => s.status === "ok")).toHaveLength(report.targets.length - 1);
    const md = renderMarkdown(report);
    expect(md).toContain("## Shards (");
    expect(md).toContain(
      "1 shard(s) never arrived: their targets are unreadable (`ShardTimeout`).",
    );
    expect(md).toMatch(/\| 1 \| 1 \| missing \| — \|/);
  });

  it("a duplicate delivery changes nothing, and a late one after the report does nothing", async () => {
    await createBucket(h, "fan-twice");
    const worker = () => h.app({ bucket: "fan-twice", clock: at(CLOCK) });
    const p = platform(worker, () => "twice");
    const outcome = await h
      .app({
        bucket: "fan-twice",
        clock: at(CLOCK),
        fanout: { openInvoker: () => p.invoker, shardSize: 1, waitMs: 30_000, pollMs: 20 },
      })
      .run({ trigger: "cli", noAlerts: true });
    await p.settle();
    const before = await h.objects("fan-twice");
    const written = p.outcomes.filter((o) => o.result === "written");
    expect(written).toHaveLength(outcome.report.targets.length);
    expect(p.outcomes.filter((o) => o.result === "skipped").map((o) => o.reason)).toEqual(
      written.map(() => expect.stringMatching(/already (stored|reported)/)),
    );
    // Delivered again once the run is reported: skipped, nothing written.
    const late = await worker().runShard(p.payloads[0] as WorkerPayload);
    expect(late).toMatchObject({ result: "skipped", reason: "the run is already reported" });
    expect(await h.objects("fan-twice")).toEqual(before);
    expect(outcome.report.shards?.every((s) => s.status === "ok")).toBe(true);
  });

  it("a worker refuses a payload that names another run's plan", async () => {
    await createBucket(h, "fan-bad");
    const app = h.app({ bucket: "fan-bad", clock: at(CLOCK) });
    await expect(
      app.runShard({
        shard: {
          runId: "20261125T030000Z-abcdef",
          n: 0,
          planKey: "runs/2026/11/24/20261124T030000Z-abcdef/plan.json",
        },
      }),
    ).rejects.toThrow(/keeps it at runs\/2026\/11\/25\/20261125T030000Z-abcdef\/plan\.json/);
  });
});
