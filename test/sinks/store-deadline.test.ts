// Every store read and write has a real deadline and the store's retries (issue 15 item 2): a store
// that accepts the connection and never answers fails the operation with a StoreError after
// (attempts × deadline), instead of holding the audit forever.
import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBaselineFile } from "../../shared/baseline/load.ts";
import { StoreError } from "../../shared/errors.ts";
import { openReportStore, type StoreOptions } from "../../shared/sinks/store.ts";
import { startHalfSilentServer, startSilentServer } from "./silent-server.ts";

const TIMEOUT_MS = 200;
const credentials = { accessKeyId: "AKID", secretAccessKey: "S3CRET" };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function s3At(endpoint: string, over: Partial<StoreOptions> = {}) {
  return openReportStore("s3://reports/p", {
    s3: { endpoint, region: "us-east-1", forcePathStyle: true, credentials },
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    timeoutMs: TIMEOUT_MS,
    ...over,
  });
}

async function timed(op: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await op().then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

describe("S3 store against a server that accepts and never answers", () => {
  it("fails every kind of operation after 3 attempts of 200 ms, one connection each", async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const store = s3At(silent.endpoint);
    const ops = {
      get: () => store.get("latest.json"),
      getWithVersion: () => store.getWithVersion("latest.json"),
      put: () => store.put("runs/x.json", "{}", "application/json"),
      putIfVersion: () => store.putIfVersion("latest.json", "{}", "application/json", null),
    };
    for (const [name, op] of Object.entries(ops)) {
      const before = silent.connections;
      const { error, ms } = await timed(op);
      expect(error, name).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        /after 3 attempts: TimeoutError: .*(did not finish within 200 ms|exceeded the configured 200 ms)/,
      );
      expect((error as Error).message).not.toContain(credentials.secretAccessKey);
      expect(ms, name).toBeGreaterThanOrEqual(3 * TIMEOUT_MS - 50);
      expect(ms, name).toBeLessThan(3 * TIMEOUT_MS + 5_000);
      expect(silent.connections - before, name).toBe(3);
    }
  });

  it("a PUT that is never answered fails, while reads of the same store still work", async () => {
    const half = await startHalfSilentServer();
    cleanups.push(() => half.close());
    const store = s3At(half.endpoint);
    expect(await store.get("latest.json")).toBeNull();
    const { error } = await timed(() => store.put("runs/a.json", "{}", "application/json"));
    expect(error).toBeInstanceOf(StoreError);
    expect(half.counts.put).toBe(3);
  });

  it("a body that stops arriving after the headers is cut by the deadline too", async () => {
    const half = await startHalfSilentServer({ stallBodies: true });
    cleanups.push(() => half.close());
    const { error, ms } = await timed(() => s3At(half.endpoint).get("latest.json"));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("did not finish within 200 ms");
    expect(half.counts.get).toBe(3);
    expect(ms).toBeLessThan(3 * TIMEOUT_MS + 5_000);
  });
});

describe("folder store and baseline file on a file system that never answers", () => {
  // A FIFO with no writer blocks `open` forever, as a hung network mount does.
  async function hungFile(name: string): Promise<{ dir: string; path: string }> {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-hung-"));
    const path = join(dir, name);
    execFileSync("mkfifo", [path]);
    cleanups.push(async () => {
      // Opening the FIFO read-write (never blocks) lets the stuck readers finish and free their threads.
      const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
      await new Promise((r) => setTimeout(r, 50));
      closeSync(fd);
      await rm(dir, { recursive: true, force: true });
    });
    return { dir, path };
  }

  it("a read of latest.json fails after its attempts instead of hanging", async () => {
    const { dir } = await hungFile("latest.json");
    const store = openReportStore(dir, {
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      timeoutMs: TIMEOUT_MS,
    });
    const { error, ms } = await timed(() => store.get("latest.json"));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(
      /could not read latest\.json in .* after 2 attempts: ETIMEDOUT: store read of latest\.json did not finish within 200 ms/,
    );
    expect(ms).toBeLessThan(2 * TIMEOUT_MS + 5_000);
  });

  it("a baseline file that never answers is a clear error", async () => {
    const { path } = await hungFile("baseline.yaml");
    const started = Date.now();
    await expect(
      loadBaselineFile(path, {
        timeoutMs: TIMEOUT_MS,
        retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      }),
    ).rejects.toThrow(`cannot read baseline ${path}: reading ${path} did not finish within 200 ms`);
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS + 5_000);
  });
});
