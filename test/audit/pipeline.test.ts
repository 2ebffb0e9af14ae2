// The whole pipeline over real parts: signed HTTP to both cloud stand-ins, s3rver for storage, a
// signature-checking webhook receiver for alerts. No fakes except the clock.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../shared/audit/app.ts";
import { scopeAudit } from "../../shared/audit/scope.ts";
import { loadBaselineFile } from "../../shared/baseline/load.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { compare } from "../../shared/drift/compare.ts";
import { StoreError } from "../../shared/errors.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import type { Report } from "../../shared/report/schema.ts";
import {
  canaryEstate,
  createBucket,
  type Harness,
  S3_CREDENTIALS,
  startHarness,
  WEBHOOK_SECRET,
} from "./harness.ts";

const ALI_CANARY = "CANARY-ALI-PW-0c81f2";
const HW_CANARY = "CANARY-HW-SK-9e27aa";

const at = (iso: string) => () => new Date(iso);
const summaryOf = (r: Report) =>
  r.findings.map((f) => [f.id, f.severity, f.kind, f.field, f.message]);

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

describe("audit pipeline end to end", () => {
  it("a live audit and the offline audit of its stored snapshot find the same drift", async () => {
    await createBucket(h, "parity");
    const live = await h
      .app({ bucket: "parity", clock: at("2026-11-25T03:00:00Z") })
      .run({ trigger: "cli", noAlerts: true });
    expect(live.report.status).toBe("drift");
    expect(live.report.findings.length).toBeGreaterThanOrEqual(10);

    const objects = await h.objects("parity");
    const snapshotKey = [...objects.keys()].find((k) => k.endsWith("/snapshot.json")) as string;
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-offline-"));
    try {
      const path = join(dir, "snapshot.json");
      await writeFile(path, objects.get(snapshotKey) as string);
      const requestsBefore = h.sandbox.alibaba.requests.length + h.sandbox.huawei.requests.length;
      const offline = await createApp({
        config: loadConfig({}),
        baseline: "policies/demo.yaml",
        reports: join(dir, "reports"),
        logger: silentLogger,
        clock: at("2026-11-25T03:00:00Z"),
      }).run({ trigger: "cli", snapshotPath: path, noAlerts: true });
      expect(summaryOf(offline.report)).toEqual(summaryOf(live.report));
      expect(h.sandbox.alibaba.requests.length + h.sandbox.huawei.requests.length).toBe(
        requestsBefore,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("re-reads new drift before reporting it, and drops what it no longer sees", async () => {
    await createBucket(h, "confirm");
    const payments = h.sandbox.alibaba.seed.instances.find(
      (i) => i.instanceId === "rmq-cn-demo-payments",
    );
    const billing = payments?.acls.find(
      (a) => a.username === "app-billing" && a.resourceName === "billing",
    );
    if (!billing) throw new Error("demo estate changed: no app-billing Topic:billing entry");
    const drifted = billing.actions;
    // Someone reverts the billing drift right after our listing, before the confirmation re-read
    // (which starts, like any read of a target, with GetInstance).
    let instanceReads = 0;
    h.sandbox.alibaba.onRequest = (r) => {
      if (r.action === "GetInstance" && ++instanceReads === 2) billing.actions = ["Pub"];
    };
    const before = h.sandbox.alibaba.requests.length;
    try {
      const out = await h
        .app({ bucket: "confirm", clock: at("2026-11-25T03:00:00Z") })
        .run({ trigger: "cli", targets: ["payments-prod"], noAlerts: true });
      const reads = h.sandbox.alibaba.requests.slice(before).map((r) => r.action);
      // This small target's listing (one page each) is cheaper than point reads of its several
      // suspects, so the re-read lists it again instead.
      expect([...reads].sort()).toEqual(
        ["GetInstance", "ListInstanceAccount", "ListInstanceAcl", "ListInstanceIpWhitelist"]
          .flatMap((c) => [c, c])
          .sort(),
      );
      const principals = out.report.findings.map((f) => `${f.principal}:${f.field}`);
      expect(principals).not.toContain("app-billing:actions");
      // Drift that is still there when re-read is confirmed and reported.
      expect(principals).toEqual(
        expect.arrayContaining(["app-orders:ipWhitelists", "app-refunds:acl"]),
      );
      const target = out.report.targets.find((t) => t.name === "payments-prod");
      expect(target?.apiCalls).toBe(reads.length);
      // The stored snapshot carries the re-read, so an offline audit of it reproduces the report.
      const objects = await h.objects("confirm");
      const stored = JSON.parse(
        [...objects.entries()].find(([k]) => k.endsWith("snapshot.json"))?.[1] ?? "{}",
      );
      const loaded = await loadBaselineFile("policies/demo.yaml");
      const offline = compare(
        scopeAudit(loaded.baseline, { targets: ["payments-prod"] }).baseline,
        stored,
        {
          now: new Date("2026-11-25T03:00:00Z"),
        },
      );
      expect(offline.findings.map((f) => f.id)).toEqual(out.report.findings.map((f) => f.id));
    } finally {
      h.sandbox.alibaba.onRequest = undefined;
      billing.actions = drifted;
    }
  });

  it("three runs: new → persisting → resolved, one alert for the unchanged pair, no secret anywhere", async () => {
    await createBucket(h, "history");
    const alertsBefore = h.receiver.received.length;
    const run = (iso: string) =>
      h.app({ bucket: "history", clock: at(iso) }).run({ trigger: "scheduled" });

    const first = await run("2026-11-25T03:00:00Z");
    expect(first.report.findings.every((f) => f.state === "new")).toBe(true);
    expect(h.receiver.received.length).toBe(alertsBefore + 1);
    expect(first.report.delivery.alerts).toEqual([
      expect.objectContaining({ ok: true, attempts: 1 }),
    ]);

    const second = await run("2026-11-26T03:00:00Z");
    expect(second.report.findings.map((f) => [f.id, f.state, f.firstSeenAt])).toEqual(
      first.report.findings.map((f) => [f.id, "persisting", "2026-11-25T03:00:00.000Z"]),
    );
    expect(h.receiver.received.length).toBe(alertsBefore + 1);
    expect(second.report.delivery.alerts).toEqual([]);

    // Someone fixes the orders topic whitelist in the cloud.
    const payments = h.sandbox.alibaba.seed.instances.find(
      (i) => i.instanceId === "rmq-cn-demo-payments",
    );
    const entry = payments?.acls.find(
      (a) => a.username === "app-orders" && a.resourceName === "orders",
    );
    if (!entry) throw new Error("demo estate changed: no app-orders Topic:orders entry");
    entry.ipWhitelists = ["10.0.0.0/8"];
    const third = await run("2026-11-27T03:00:00Z");
    const fixed = first.report.findings.find(
      (f) => f.principal === "app-orders" && f.field === "ipWhitelists",
    );
    expect(fixed?.severity).toBe("critical");
    expect(third.report.resolved.map((r) => r.id)).toEqual([fixed?.id]);
    expect(third.report.summary.resolved).toBe(1);
    expect(third.report.findings.every((f) => f.state === "persisting")).toBe(true);
    expect(h.receiver.received.length).toBe(alertsBefore + 1);

    // Structured logs: every provider call line names its run, target, call and duration.
    const calls = h.logs
      .filter((l) => l.includes('"provider call"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(calls.filter((l) => l.runId === first.report.runId).map((l) => l.call)).toEqual(
      expect.arrayContaining([
        "GetInstance",
        "ListInstanceAccount",
        "ListInstanceAcl",
        "ShowInstance",
        "ListUser",
      ]),
    );
    expect(
      calls.every((l) => typeof l.target === "string" && typeof l.durationMs === "number"),
    ).toBe(true);

    const objects = await h.objects("history");
    const latest = JSON.parse(objects.get("audits/latest.json") as string);
    expect(latest.runId).toBe(third.report.runId);
    expect([...objects.keys()].filter((k) => k.endsWith("/report.html"))).toHaveLength(3);

    const everything = [
      ...objects.values(),
      ...h.receiver.received.map((r) => JSON.stringify(r)),
      ...h.logs,
      JSON.stringify([first, second, third]),
    ].join("\n");
    for (const canary of [ALI_CANARY, HW_CANARY, WEBHOOK_SECRET])
      expect(everything).not.toContain(canary);
  });

  it("a targeted run is stored but does not move latest.json, so the next full run stays quiet", async () => {
    await createBucket(h, "targeted");
    const app = (iso: string) => h.app({ bucket: "targeted", clock: at(iso) });
    const alertsBefore = h.receiver.received.length;
    const full = await app("2026-11-25T03:00:00Z").run({ trigger: "scheduled" });
    const only = await app("2026-11-25T04:00:00Z").run({
      trigger: "http",
      targets: ["analytics-prod"],
    });
    expect(only.report.findings).toEqual([]);
    const objects = await h.objects("targeted");
    expect(JSON.parse(objects.get("audits/latest.json") as string).runId).toBe(full.report.runId);
    expect([...objects.keys()].some((k) => k.includes(only.report.runId))).toBe(true);
    const again = await app("2026-11-25T05:00:00Z").run({ trigger: "scheduled" });
    expect(again.report.findings.every((f) => f.state === "persisting")).toBe(true);
    expect(h.receiver.received.length).toBe(alertsBefore + 1);
  });

  it("reads the baseline from s3://bucket/key, and names the object when it is missing or invalid", async () => {
    await createBucket(h, "config");
    const yaml = await readFile("policies/demo.yaml", "utf8");
    await h.s3.send(
      new PutObjectCommand({ Bucket: "config", Key: "rmq/baseline.yaml", Body: yaml }),
    );
    const app = (baseline: string) =>
      h.app({ bucket: "config", baseline, clock: at("2026-11-25T05:00:00Z") });
    const out = await app("s3://config/rmq/baseline.yaml").run({
      trigger: "scheduled",
      dryRun: true,
    });
    expect(out.report.baseline).toEqual({
      source: "s3://config/rmq/baseline.yaml",
      sha256: createHash("sha256").update(yaml).digest("hex"),
    });
    expect(out.report.targets).toHaveLength(6);
    await expect(
      app("s3://config/rmq/missing.yaml").run({ trigger: "scheduled", dryRun: true }),
    ).rejects.toThrow("s3://config/rmq/missing.yaml does not exist");
    await h.s3.send(
      new PutObjectCommand({
        Bucket: "config",
        Key: "bad.yaml",
        Body: "version: 2\ntargets: []\n",
      }),
    );
    await expect(
      app("s3://config/bad.yaml").run({ trigger: "scheduled", dryRun: true }),
    ).rejects.toThrow(/s3:\/\/config\/bad\.yaml:1:10 +version/);
  });

  it("a waiver for a target the baseline does not list is a warning: the audit runs as usual", async () => {
    await createBucket(h, "stale-waiver");
    const demo = await readFile("policies/demo.yaml", "utf8");
    const stale = [
      "  - id: OLD-7",
      "    target: alibaba/cn-beijing/rmq-cn-retired",
      "    reason: instance retired last year",
      "    expires: 2099-01-31",
      "  - id: UNUSED-1",
      "    target: alibaba/cn-shanghai/rmq-cn-demo-analytics",
      "    principal: nobody-*",
      "    reason: drift long gone",
      "    expires: 2099-01-31",
    ].join("\n");
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-waiver-"));
    const path = join(dir, "baseline.yaml");
    await writeFile(path, demo.replace("waivers:\n", `waivers:\n${stale}\n`));
    const clock = at("2026-11-25T06:00:00Z");
    const out = await h.app({ bucket: "stale-waiver", baseline: path, clock }).run({
      trigger: "scheduled",
    });
    const reference = await h.app({ bucket: "stale-waiver", clock }).run({
      trigger: "scheduled",
      dryRun: true,
    });
    expect(out.report.status).toBe(reference.report.status);
    expect(out.report.findings.map((f) => f.id)).toEqual(
      reference.report.findings.map((f) => f.id),
    );
    expect(out.report.warnings).toEqual([
      {
        code: "WaiverMatchesNoTarget",
        message: expect.stringMatching(
          /baseline\.yaml:11:13 +waivers\[0\]\.target +waiver "OLD-7": "alibaba\/cn-beijing\/rmq-cn-retired" matches no target/,
        ),
      },
    ]);
    // OPS-1234 waives legacy-batch; SEC-0042 has expired; the other two matched nothing.
    expect(out.report.unusedWaivers).toEqual(["OLD-7", "UNUSED-1"]);
    const objects = await h.objects("stale-waiver");
    const md = [...objects].find(([k]) => k.endsWith("report.md"))?.[1] ?? "";
    expect(md).toContain("## Warnings (1)");
    expect(md).toContain("## Unused waivers (2)");
    // A targeted run did not look everywhere a waiver could apply: no unusedWaivers.
    const only = await h.app({ bucket: "stale-waiver", baseline: path, clock }).run({
      trigger: "http",
      targets: ["analytics-prod"],
      dryRun: true,
    });
    await rm(dir, { recursive: true, force: true });
    expect(only.report.unusedWaivers).toBeUndefined();
    expect(only.report.warnings).toHaveLength(1);
  });

  it("a report that cannot be stored fails the run loudly, after the alert went out", async () => {
    const alertsBefore = h.receiver.received.length;
    const app = h.app({ bucket: "no-such-bucket", clock: at("2026-11-25T04:00:00Z") });
    await expect(app.run({ trigger: "scheduled" })).rejects.toBeInstanceOf(StoreError);
    expect(h.receiver.received.length).toBe(alertsBefore + 1);
    const alert = JSON.parse(h.receiver.received.at(-1)?.body ?? "{}");
    expect(alert.status).toBe("drift");
    expect(alert.summary.findings.critical).toBeGreaterThan(0);
  });
});
