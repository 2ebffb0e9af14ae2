// Overlapping runs (the cron run and `POST /audit`) against one reports folder: whatever the
// interleaving, latest.json must end on the newest run (DESIGN.md §7), never set back to an older one.
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../shared/errors.ts";
import type { Report } from "../../shared/report/schema.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";
import { readLatest } from "../../shared/sinks/store-read.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";
import { jittery, seeded, wrap } from "./store-wrap.ts";

const FAST = { retries: 0, baseDelayMs: 1, maxDelayMs: 1 };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-race-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// A separate store instance per run, as two processes sharing the folder would have.
const open = (root: string) => openReportStore(root, { retry: FAST });

/** Holds every pointer read until `n` runs have read it: the reviewer's "both read first" case. */
function readBarrier(n: number) {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => {
    release = r;
  });
  return (store: ReportStore, swapDelayMs = 0): ReportStore => {
    let first = true;
    return {
      ...wrap(store),
      getWithVersion: async (k) => {
        const got = await store.getWithVersion(k);
        if (first) {
          first = false;
          if (++waiting === n) release();
          await all;
        }
        return got;
      },
      putIfVersion: async (k, body, type, expected) => {
        await new Promise((r) => setTimeout(r, swapDelayMs));
        return store.putIfVersion(k, body, type, expected);
      },
    };
  };
}

describe("latest.json under overlapping runs (folder store)", () => {
  const older = makeReport({ ...runAt(2), runId: "20261125T020000Z-aaaaaa" });
  const newer = makeReport({ ...runAt(3), runId: "20261125T030000Z-bbbbbb" });

  for (const lateSwap of ["older", "newer"] as const) {
    it(`keeps the newer run when both read first and the ${lateSwap} one swaps last`, async () => {
      const barrier = readBarrier(2);
      const delay = (r: Report) => (r === (lateSwap === "older" ? older : newer) ? 50 : 0);
      const [a, b] = await Promise.all(
        [older, newer].map((r) => storeRun(barrier(open(dir), delay(r)), artifactsOf(r))),
      );
      expect((await readLatest(open(dir)))?.runId).toBe(newer.runId);
      expect(b?.latestUpdated).toBe(true);
      // The older run either lost its swap and found the newer pointer, or swapped first and was
      // then superseded; it never has the last word.
      if (lateSwap === "older") expect(a).toMatchObject({ latestUpdated: false });
      if (lateSwap === "older") expect(a?.latest?.runId).toBe(newer.runId);
    });
  }

  it("ends on the newest of three runs over 50 randomly interleaved iterations", async () => {
    for (let i = 0; i < 50; i++) {
      const random = seeded(1000 + i);
      const root = join(dir, `i${i}`);
      const reports = [2, 3, 4].map((h) => makeReport(runAt(h, `00000${i % 10}`)));
      const order = [...reports].sort(() => random() - 0.5);
      const results = await Promise.all(
        order.map((r) => storeRun(jittery(open(root), random), artifactsOf(r))),
      );
      const newest = reports[2]!;
      expect((await readLatest(open(root)))?.runId, `seed ${1000 + i}`).toBe(newest.runId);
      expect(results[order.indexOf(newest)]?.latestUpdated, `seed ${1000 + i}`).toBe(true);
      expect(await readdir(root)).not.toContain("latest.json.lock");
    }
  });
});

describe("folder store lock (latest.json.lock)", () => {
  it("breaks a stale lock left by a crashed writer", async () => {
    const store = open(dir);
    await writeFile(join(dir, "latest.json.lock"), "4242.crashed");
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, "latest.json.lock"), old, old);
    expect(await store.putIfVersion("latest.json", "{}", "application/json", null)).toBe(true);
    expect(await readdir(dir)).toEqual(["latest.json"]);
  });

  it("waits for a live holder, and fails loudly when it never lets go", async () => {
    const lock = join(dir, "latest.json.lock");
    await writeFile(lock, "4242.live");
    const patient = openReportStore(dir, { retry: FAST, lock: { waitMs: 2_000 } });
    const swap = patient.putIfVersion("latest.json", "{}", "application/json", null);
    setTimeout(() => void rm(lock), 100);
    expect(await swap).toBe(true);

    await writeFile(lock, "4242.live");
    const impatient = openReportStore(dir, { retry: FAST, lock: { waitMs: 50 } });
    const error = await impatient
      .putIfVersion("latest.json", "{}", "application/json", null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(
      /could not write latest\.json .*held by another writer/,
    );
  });

  it("refuses a swap against a version that is no longer current", async () => {
    const store = open(dir);
    expect(await store.putIfVersion("latest.json", "a", "application/json", null)).toBe(true);
    const a = await store.getWithVersion("latest.json");
    expect(await store.putIfVersion("latest.json", "b", "application/json", null)).toBe(false);
    expect(await store.putIfVersion("latest.json", "b", "application/json", a!.version)).toBe(true);
    expect(await store.putIfVersion("latest.json", "c", "application/json", a!.version)).toBe(
      false,
    );
    expect(await store.get("latest.json")).toBe("b");
  });
});
