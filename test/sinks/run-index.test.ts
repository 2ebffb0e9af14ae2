// `index.json`: written after latest.json by full runs only, newest first, capped at 500, and kept
// whole when runs overlap (compare-and-swap), on the folder store and on S3 (s3rver).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunIndexEntry } from "../../shared/report/schema.ts";
import {
  indexEntryOf,
  meanTimeToResolve,
  trendWindow,
  withEntry,
} from "../../shared/report/trend.ts";
import { readRunIndex } from "../../shared/sinks/run-index.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";
import { wrap } from "./store-wrap.ts";

const FAST = { retries: 0, baseDelayMs: 1, maxDelayMs: 1 };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-index-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const run = (hour: number, suffix = "3f9a2c") => makeReport({ ...runAt(hour, suffix) });

describe("index.json (folder store)", () => {
  it("is written after latest.json, by full runs only, newest first", async () => {
    const store = openReportStore(dir, { retry: FAST });
    const order: string[] = [];
    const watched: ReportStore = {
      ...wrap(store),
      putIfVersion: async (k, b, t, e) => {
        order.push(k);
        return store.putIfVersion(k, b, t, e);
      },
    };
    await storeRun(watched, artifactsOf(run(1)));
    await storeRun(watched, artifactsOf(run(3)));
    await storeRun(watched, artifactsOf(run(2)));
    const targeted = await storeRun(watched, artifactsOf(run(4)), { updateLatest: false });
    expect(targeted.indexUpdated).toBe(false);
    expect(order).toEqual(["latest.json", "index.json", "latest.json", "index.json", "index.json"]);
    const index = await readRunIndex(store);
    expect(index.map((e) => e.runId)).toEqual([run(3).runId, run(2).runId, run(1).runId]);
    const onDisk = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    expect(onDisk[0]).toMatchObject({ runId: run(3).runId, status: "drift" });
  });

  it("keeps every entry when runs store at the same time", async () => {
    const runs = Array.from({ length: 8 }, (_, i) => run(i + 1, `00000${i}`));
    // A separate store per run, as separate processes sharing the folder would have.
    await Promise.all(
      runs.map((r) => storeRun(openReportStore(dir, { retry: FAST }), artifactsOf(r))),
    );
    const index = await readRunIndex(openReportStore(dir));
    expect(index.map((e) => e.runId).sort()).toEqual(runs.map((r) => r.runId).sort());
  });

  it("treats a corrupt index as empty and replaces it", async () => {
    await writeFile(join(dir, "index.json"), "{not json");
    const store = openReportStore(dir, { retry: FAST });
    expect(await readRunIndex(store)).toEqual([]);
    await storeRun(store, artifactsOf(run(5)));
    expect((await readRunIndex(store)).map((e) => e.runId)).toEqual([run(5).runId]);
  });
});

describe("trend arithmetic", () => {
  const entry = (hour: number, resolved: number, totalMs: number): RunIndexEntry => ({
    ...indexEntryOf(run(hour)),
    resolution: { count: resolved, totalMs },
  });

  it("keeps the newest 500 runs, replacing a re-stored run", () => {
    let index: RunIndexEntry[] = [];
    for (let i = 0; i < 510; i++) {
      const r = makeReport({
        runId: `20261125T000000Z-${i.toString(16).padStart(6, "0")}`,
        startedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
        finishedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000 + 1000).toISOString(),
      });
      index = withEntry(index, indexEntryOf(r));
    }
    expect(index).toHaveLength(500);
    expect(index[0]?.runId.endsWith("0001fd")).toBe(true);
    expect(withEntry(index, index[3] as RunIndexEntry)).toHaveLength(500);
  });

  it("charts the last 30 runs oldest first and averages time to resolve over them", () => {
    const index = Array.from({ length: 12 }, (_, i) => entry(i, i === 11 ? 2 : 1, 3_600_000));
    const window = trendWindow(index, 10);
    expect(window).toHaveLength(10);
    expect(window[0]?.runId).toBe(run(2).runId);
    expect(window.at(-1)?.runId).toBe(run(11).runId);
    expect(meanTimeToResolve(window)).toEqual({ count: 11, meanMs: (10 * 3_600_000) / 11 });
    expect(meanTimeToResolve([entry(1, 0, 0)])).toBeNull();
  });

  it("records resolved findings' ages from first seen to the run's start", () => {
    const r = makeReport({
      ...runAt(10),
      resolved: [
        {
          id: "a",
          target: "t",
          principal: null,
          resource: null,
          field: "admin",
          firstSeenAt: "2026-11-25T08:00:00Z",
        },
        {
          id: "b",
          target: "t",
          principal: null,
          resource: null,
          field: "admin",
          firstSeenAt: "2026-11-25T09:00:00Z",
        },
      ],
    });
    expect(indexEntryOf(r).resolution).toEqual({ count: 2, totalMs: 3 * 3_600_000 });
  });
});

describe("index.json (S3, s3rver)", () => {
  let server: S3rver;
  let endpoint: string;
  let s3dir: string;
  let client: S3Client;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  beforeAll(async () => {
    s3dir = await mkdtemp(join(tmpdir(), "rmq-drift-index-s3-"));
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3dir });
    const { port } = (await server.run()) as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: "idx" }));
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    await rm(s3dir, { recursive: true, force: true });
  });

  it("is written beside latest.json under the prefix", async () => {
    const store = openReportStore("s3://idx/team/drift", {
      s3: { endpoint, region: "us-east-1", forcePathStyle: true, credentials },
      retry: FAST,
    });
    await storeRun(store, artifactsOf(run(1)));
    await storeRun(store, artifactsOf(run(2)));
    expect((await readRunIndex(store)).map((e) => e.runId)).toEqual([run(2).runId, run(1).runId]);
    expect(await store.get("index.json")).toContain(run(1).runId);
  });
});
