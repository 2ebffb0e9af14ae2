import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../shared/errors.ts";
import { createJsonLogger } from "../../shared/log/logger.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";
import { readLatest, readRunReport } from "../../shared/sinks/store-read.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";
import { wrap } from "./store-wrap.ts";

let dir: string;
let inner: ReportStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-run-"));
  inner = openReportStore(dir, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Records the order of writes (plain and compare-and-swap) and can fail the write of one key. */
function recording(store: ReportStore, failKey?: RegExp) {
  const puts: string[] = [];
  const fail = (k: string) => {
    if (failKey?.test(k)) throw new StoreError(`could not write ${k} in ${store.location}: boom`);
  };
  const wrapped: ReportStore = {
    ...wrap(store),
    put: async (k, body, type) => {
      fail(k);
      await store.put(k, body, type);
      puts.push(k);
    },
    putIfVersion: async (k, body, type, expected) => {
      fail(k);
      const ok = await store.putIfVersion(k, body, type, expected);
      if (ok) puts.push(k);
      return ok;
    },
  };
  return { wrapped, puts };
}

describe("storeRun", () => {
  it("writes the other run objects, then report.json, then latest.json and index.json", async () => {
    const { wrapped, puts } = recording(inner);
    await storeRun(wrapped, artifactsOf(makeReport()));
    const run = "runs/2026/11/25/20261125T030000Z-3f9a2c";
    expect(puts).toHaveLength(6);
    expect(puts.slice(0, 3).sort()).toEqual(
      ["report.html", "report.md", "snapshot.json"].map((f) => `${run}/${f}`),
    );
    expect(puts.slice(3)).toEqual([`${run}/report.json`, "latest.json", "index.json"]);
  });

  it("a run whose other objects failed has no report.json, so it is not served", async () => {
    for (const failing of [/report\.md$/, /report\.html$/, /snapshot\.json$/]) {
      const { wrapped, puts } = recording(inner, failing);
      const report = makeReport(runAt(5));
      await expect(storeRun(wrapped, artifactsOf(report))).rejects.toThrow(/boom/);
      expect(puts.some((k) => k.endsWith("report.json"))).toBe(false);
      expect(await readRunReport(inner, report.runId)).toBeNull();
    }
  });

  it("leaves latest.json on the previous run when one run object cannot be written", async () => {
    const first = makeReport(runAt(3));
    await storeRun(inner, artifactsOf(first));
    const { wrapped, puts } = recording(inner, /report\.html$/);
    const second = makeReport(runAt(4));
    await expect(storeRun(wrapped, artifactsOf(second))).rejects.toThrow(/report\.html.*boom/);
    expect(puts).not.toContain("latest.json");
    expect((await readLatest(inner))?.runId).toBe(first.runId);
  });

  it("with updateLatest: false, stores the run but leaves latest.json alone", async () => {
    const targeted = makeReport(runAt(6));
    const first = await storeRun(inner, artifactsOf(targeted), { updateLatest: false });
    expect(first).toMatchObject({ latestUpdated: false, latest: null });
    expect(await inner.get("latest.json")).toBeNull();

    const full = makeReport(runAt(3));
    await storeRun(inner, artifactsOf(full));
    const before = await inner.get("latest.json");
    const newer = makeReport(runAt(7));
    const second = await storeRun(inner, artifactsOf(newer), { updateLatest: false });
    expect(second.latestUpdated).toBe(false);
    expect(second.latest?.runId).toBe(full.runId);
    expect(await inner.get("latest.json")).toBe(before);
    expect(await readRunReport(inner, newer.runId)).toEqual(newer);
  });

  it("fails loudly when latest.json changes under every swap attempt", async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l) });
    const hostile: ReportStore = { ...wrap(inner), putIfVersion: async () => false };
    await expect(storeRun(hostile, artifactsOf(makeReport()), { logger })).rejects.toThrow(
      /could not update latest\.json .* 8 attempts/,
    );
    expect(lines.filter((l) => l.includes("latest.json changed while storing"))).toHaveLength(8);
  });
});
