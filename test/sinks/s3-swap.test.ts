// Compare-and-swap of latest.json on the S3 store. s3rver IGNORES If-Match/If-None-Match on PUT (its
// putObject handler never reads them), so it cannot show a refused write by itself: the lost race is
// simulated by a wrapper, and AWS's 412 and an older store's 501 by a proxy in front of s3rver.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createJsonLogger } from "../../shared/log/logger.ts";
import { openReportStore, type ReportStore, type StoreOptions } from "../../shared/sinks/store.ts";
import { readLatest } from "../../shared/sinks/store-read.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";
import { type ConditionalReply, type S3Proxy, startS3Proxy } from "./s3-proxy.ts";
import { wrap } from "./store-wrap.ts";

const BUCKET = "drift-swap";
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let dir: string;
let server: S3rver;
let endpoint: string;
let proxy: S3Proxy | undefined;

function options(at: string, over: Partial<StoreOptions> = {}): StoreOptions {
  return {
    s3: { endpoint: at, region: "us-east-1", forcePathStyle: true, credentials },
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    ...over,
  };
}

async function viaProxy(prefix: string, reply: ConditionalReply, over: Partial<StoreOptions> = {}) {
  proxy = await startS3Proxy(endpoint, reply);
  return openReportStore(`s3://${BUCKET}/${prefix}`, options(proxy.endpoint, over));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-s3swap-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("latest.json compare-and-swap (S3 store)", () => {
  it("re-reads and retries after a lost swap, ending on the newer run", async () => {
    const store = openReportStore(`s3://${BUCKET}/lost`, options(endpoint));
    const older = makeReport(runAt(2));
    const newer = makeReport(runAt(3));
    let swaps = 0;
    // The first swap loses to an older run that slips in between our read and our write.
    const racing: ReportStore = {
      ...wrap(store),
      putIfVersion: async (k, body, type, expected) => {
        if (k === "latest.json" && ++swaps === 1) {
          await storeRun(store, artifactsOf(older));
          return false;
        }
        return store.putIfVersion(k, body, type, expected);
      },
    };
    const stored = await storeRun(racing, artifactsOf(newer));
    expect(swaps).toBe(2);
    expect(stored.latestUpdated).toBe(true);
    expect((await readLatest(store))?.runId).toBe(newer.runId);
  });

  it("stops when the pointer it lost to is newer", async () => {
    const store = openReportStore(`s3://${BUCKET}/lost-newer`, options(endpoint));
    const older = makeReport(runAt(2));
    const newer = makeReport(runAt(3));
    const racing: ReportStore = {
      ...wrap(store),
      putIfVersion: async (k, body, type, expected) => {
        if (k !== "latest.json") return store.putIfVersion(k, body, type, expected);
        await storeRun(store, artifactsOf(newer));
        return false;
      },
    };
    const stored = await storeRun(racing, artifactsOf(older));
    expect(stored).toMatchObject({ latestUpdated: false, latest: { runId: newer.runId } });
    expect((await readLatest(store))?.runId).toBe(newer.runId);
  });

  it("sends If-None-Match / If-Match and treats 412 PreconditionFailed as a lost race", async () => {
    const store = await viaProxy("aws412", (n) =>
      n === 2 ? { status: 412, code: "PreconditionFailed" } : null,
    );
    await storeRun(store, artifactsOf(makeReport(runAt(2))));
    const newer = makeReport(runAt(3));
    expect((await storeRun(store, artifactsOf(newer))).latestUpdated).toBe(true);
    // 1: first run (If-None-Match: *); 2: refused; 3: the retry after re-reading, same ETag.
    expect(proxy?.conditions).toHaveLength(3);
    expect(proxy?.conditions[0]).toBe("none:*");
    expect(proxy?.conditions[1]).toMatch(/^"[0-9a-f]{32}"$/);
    expect(proxy?.conditions[2]).toBe(proxy?.conditions[1]);
    expect((await readLatest(store))?.runId).toBe(newer.runId);
  });

  it("falls back to read-back on a store that answers 501 to conditional writes", async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l) });
    const store = await viaProxy("oss501", () => ({ status: 501, code: "NotImplemented" }), {
      logger,
    });
    for (const h of [2, 4, 3]) await storeRun(store, artifactsOf(makeReport(runAt(h))));
    expect((await readLatest(store))?.runId).toBe(makeReport(runAt(4)).runId);
    // Asked once, then remembered: later swaps do not pay for a refused request.
    expect(proxy?.conditional).toBe(1);
    expect(lines.filter((l) => l.includes("does not support conditional writes"))).toHaveLength(1);
  });

  it("detects by read-back a write that was acknowledged but did not stick, and retries", async () => {
    // What a store that ignores the condition looks like when another writer lands right after us.
    const store = await viaProxy("readback", (n) => (n === 1 ? { status: 200 } : null));
    const run = makeReport(runAt(3));
    expect((await storeRun(store, artifactsOf(run))).latestUpdated).toBe(true);
    expect(proxy?.conditional).toBe(2);
    expect((await readLatest(store))?.runId).toBe(run.runId);
  });
});
