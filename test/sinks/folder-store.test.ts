import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError, StoreError } from "../../shared/errors.ts";
import { createJsonLogger } from "../../shared/log/logger.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";
import { readLatest, readPreviousReport, readRunReport } from "../../shared/sinks/store-read.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";

const FAST = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };
let dir: string;
let store: ReportStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-folder-"));
  store = openReportStore(join(dir, "reports"), { retry: FAST });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe("folder store", () => {
  it("lays a run out as DESIGN §7 says, with checksums of the bytes written", async () => {
    const report = makeReport();
    const stored = await storeRun(store, artifactsOf(report));
    const root = join(dir, "reports");
    const run = "runs/2026/11/25/20261125T030000Z-3f9a2c";
    expect(await listFiles(root)).toEqual([
      "index.json",
      "latest.json",
      `${run}/report.html`,
      `${run}/report.json`,
      `${run}/report.md`,
      `${run}/snapshot.json`,
    ]);
    expect(stored.reportKey).toBe(`${run}/report.json`);
    for (const o of stored.objects) {
      const bytes = await readFile(join(root, o.key));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(o.sha256);
      expect(bytes.length).toBe(o.bytes);
    }
    expect(stored.objects.map((o) => o.contentType)).toEqual([
      "application/json; charset=utf-8",
      "text/markdown; charset=utf-8",
      "text/html; charset=utf-8",
      "application/json; charset=utf-8",
    ]);
    const latest = await readLatest(store);
    expect(latest).toEqual(stored.latest);
    expect(latest).toMatchObject({ runId: report.runId, reportKey: stored.reportKey });
    expect(latest?.sha256).toBe(stored.objects[0]?.sha256);
    expect(await readPreviousReport(store)).toEqual(report);
    expect(await readRunReport(store, report.runId)).toEqual(report);
  });

  it("resolves the root to an absolute path and gives absolute file URLs", () => {
    expect(openReportStore("./reports").location).toBe(resolve("reports"));
    expect(store.url("latest.json")).toBe(join(dir, "reports", "latest.json"));
  });

  it("writes atomically: a concurrent reader sees the old or the new object, never a part", async () => {
    const a = "a".repeat(2_000_000);
    const b = "b".repeat(2_000_000);
    await store.put("big.txt", a, "text/plain");
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const text = await store.get("big.txt");
        seen.add(text === a ? "a" : text === b ? "b" : `partial:${text?.length}`);
      }
    })();
    for (let i = 0; i < 10; i++) await store.put("big.txt", i % 2 ? a : b, "text/plain");
    writing = false;
    await reader;
    expect([...seen].filter((s) => s.startsWith("partial"))).toEqual([]);
    expect(await listFiles(join(dir, "reports"))).toEqual(["big.txt"]);
  });

  it("never lets an older run replace latest.json", async () => {
    const newer = makeReport(runAt(5));
    const older = makeReport(runAt(3));
    await storeRun(store, artifactsOf(newer));
    const late = await storeRun(store, artifactsOf(older));
    expect(late.latestUpdated).toBe(false);
    expect(late.latest?.runId).toBe(newer.runId);
    expect((await readLatest(store))?.runId).toBe(newer.runId);
    expect(await readRunReport(store, older.runId)).toEqual(older);
  });

  it("breaks a finishedAt tie by run id, and lets the same run re-store its pointer", async () => {
    const first = makeReport({ ...runAt(3), runId: "20261125T030000Z-aaaaaa" });
    const second = makeReport({ ...runAt(3), runId: "20261125T030000Z-bbbbbb" });
    await storeRun(store, artifactsOf(second));
    expect((await storeRun(store, artifactsOf(first))).latestUpdated).toBe(false);
    const again = {
      ...second,
      delivery: { alerts: [{ channel: "slack@x", ok: true, attempts: 1 }] },
    };
    expect((await storeRun(store, artifactsOf(again))).latestUpdated).toBe(true);
    expect(await readPreviousReport(store)).toEqual(again);
  });

  it("rejects run ids and keys that could escape the store", async () => {
    for (const bad of ["../../etc/passwd", "20261125T030000Z-3f9a2c/../../x", "latest", ""]) {
      await expect(readRunReport(store, bad)).rejects.toBeInstanceOf(InputError);
    }
    for (const key of ["../x", "/etc/passwd", "runs/../../x", "a//b", "a\\b", "a/./b", "x\u0000"]) {
      await expect(store.get(key)).rejects.toBeInstanceOf(StoreError);
      await expect(store.put(key, "x", "text/plain")).rejects.toBeInstanceOf(StoreError);
    }
    expect(await readRunReport(store, "20261125T030000Z-000000")).toBeNull();
    await store.put("policies/prod baseline@v2.yaml", "x", "text/yaml");
    expect(await store.get("policies/prod baseline@v2.yaml")).toBe("x");
  });

  it("treats a corrupt latest.json as no history (with a warning) and replaces it", async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l) });
    await store.put("latest.json", "{ not json", "application/json");
    await expect(readLatest(store)).rejects.toThrow(
      /corrupt object latest\.json in .*not valid JSON/,
    );
    expect(await readPreviousReport(store, { logger })).toBeNull();
    expect(lines.join("\n")).toMatch(/history starts over/);
    const stored = await storeRun(store, artifactsOf(makeReport()));
    expect(stored.latestUpdated).toBe(true);
    expect((await readLatest(store))?.runId).toBe(stored.latest?.runId);
  });

  it("ignores a previous report whose bytes do not match latest.json's checksum", async () => {
    const stored = await storeRun(store, artifactsOf(makeReport()));
    await writeFile(join(dir, "reports", stored.reportKey), "{}");
    expect(await readPreviousReport(store)).toBeNull();
    await expect(readRunReport(store, stored.latest!.runId)).rejects.toBeInstanceOf(StoreError);
  });

  it("fails a write loudly with a StoreError naming the store and key", async () => {
    const file = join(dir, "not-a-dir");
    await writeFile(file, "x");
    const blocked = openReportStore(file, { retry: FAST });
    const error = await storeRun(blocked, artifactsOf(makeReport())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `could not write runs/2026/11/25/20261125T030000Z-3f9a2c/\\S+ in ${file} after 1 attempt: ENOTDIR`,
      ),
    );
  });
});
