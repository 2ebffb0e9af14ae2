import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../shared/errors.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";
import { readLatest } from "../../shared/sinks/store-read.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "./report-fixture.ts";

let dir: string;
let inner: ReportStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-run-"));
  inner = openReportStore(dir, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Records the order of writes and can fail the write of one key. */
function recording(store: ReportStore, failKey?: RegExp) {
  const puts: string[] = [];
  const wrapped: ReportStore = {
    location: store.location,
    url: (k) => store.url(k),
    get: (k) => store.get(k),
    put: async (k, body, type) => {
      if (failKey?.test(k)) throw new StoreError(`could not write ${k} in ${store.location}: boom`);
      await store.put(k, body, type);
      puts.push(k);
    },
  };
  return { wrapped, puts };
}

describe("storeRun", () => {
  it("writes the four run objects before latest.json", async () => {
    const { wrapped, puts } = recording(inner);
    await storeRun(wrapped, artifactsOf(makeReport()));
    expect(puts).toHaveLength(5);
    expect(puts.at(-1)).toBe("latest.json");
    expect(puts.slice(0, 4).sort()).toEqual(
      ["report.html", "report.json", "report.md", "snapshot.json"].map(
        (f) => `runs/2026/11/25/20261125T030000Z-3f9a2c/${f}`,
      ),
    );
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
});
