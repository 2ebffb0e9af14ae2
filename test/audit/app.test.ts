// The app's read routes over a real folder store: absent → null (404), damaged → an error (500), and
// the run list (`index.json`) that GET /reports and the HTML trend read.
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../shared/audit/app.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { StoreError } from "../../shared/errors.ts";
import { silentLogger } from "../../shared/log/logger.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-app-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("app read routes", () => {
  it("returns null before any run, the report after one, and fails loudly on a damaged one", async () => {
    const app = createApp({
      config: loadConfig({}),
      baseline: "policies/demo.yaml",
      reports: join(dir, "reports"),
      logger: silentLogger,
      writeConsole: () => {},
    });
    expect(await app.latestReport()).toBeNull();
    const snapshot = "test/audit/fixtures/demo-snapshot.json";
    const out = await app.run({ trigger: "cli", snapshotPath: snapshot, noAlerts: true });
    expect((await app.latestReport())?.runId).toBe(out.report.runId);
    expect((await app.report(out.report.runId))?.status).toBe(out.report.status);
    await appendFile(out.reportUrl as string, "garbage");
    await expect(app.latestReport()).rejects.toBeInstanceOf(StoreError);
  });

  it("lists full runs for GET /reports, newest first; a targeted run is not among them", async () => {
    const app = createApp({
      config: loadConfig({}),
      baseline: "policies/demo.yaml",
      reports: join(dir, "listed"),
      logger: silentLogger,
      writeConsole: () => {},
      clock: (() => {
        let t = Date.parse("2026-11-25T03:00:00Z");
        return () => {
          t += 60_000;
          return new Date(t);
        };
      })(),
    });
    expect(await app.listReports()).toEqual([]);
    const snapshotPath = "test/audit/fixtures/demo-snapshot.json";
    const first = await app.run({ trigger: "cli", snapshotPath, noAlerts: true });
    const second = await app.run({ trigger: "cli", snapshotPath, noAlerts: true });
    await app.run({ trigger: "cli", snapshotPath, noAlerts: true, targets: ["huawei/*"] });
    const runs = await app.listReports();
    expect(runs.map((r) => r.runId)).toEqual([second.report.runId, first.report.runId]);
    expect(runs[0]).toMatchObject({ status: second.report.status, summary: second.report.summary });
    // The second run's HTML charts both runs.
    const html = await readFile(second.htmlUrl as string, "utf8");
    expect(html.match(/data-testid="trend-bar"/g)).toHaveLength(2);
  });
});
