// A run whose storage failed half-way has no report.json (it is written after the run's other
// objects), so the HTTP interface answers 404 for it rather than serving it as complete.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../shared/audit/app.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { StoreError } from "../../shared/errors.ts";
import { createRouter } from "../../shared/http/router.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { wrap } from "../sinks/store-wrap.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";
import { auth, sha256, TOKEN } from "./helpers.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-incomplete-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function get(path: string) {
  const router = createRouter(
    createApp({
      config: loadConfig({ RMQ_DRIFT_HTTP_TOKEN_SHA256: sha256(TOKEN), RMQ_DRIFT_REPORTS: dir }),
    }),
  );
  return router.handle({ method: "GET", path, headers: auth(), body: null, requestId: "r-1" });
}

describe("GET /reports/{runId} for a run whose storage failed", () => {
  it("is 404 although the run folder exists, and the last complete run stays latest", async () => {
    const store = openReportStore(dir, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const complete = makeReport(runAt(3));
    await storeRun(store, artifactsOf(complete));
    const failing: ReportStore = {
      ...wrap(store),
      put: async (key, body, type) => {
        if (key.endsWith("report.html")) throw new StoreError(`could not write ${key}: disk full`);
        await store.put(key, body, type);
      },
    };
    const broken = makeReport(runAt(4));
    await expect(storeRun(failing, artifactsOf(broken))).rejects.toThrow(/disk full/);
    const folder = join(dir, "runs/2026/11/25", broken.runId);
    expect((await readdir(folder)).sort()).toEqual(["report.md", "snapshot.json"]);

    const res = await get(`/reports/${broken.runId}`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error).toContain(broken.runId);
    const latest = await get("/reports/latest");
    expect(JSON.parse(latest.body).runId).toBe(complete.runId);
  });
});
