// The S3 store against a real S3-protocol server (s3rver, in-process on 127.0.0.1).
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, StoreError } from "../../shared/errors.ts";
import { openReportStore, type StoreOptions } from "../../shared/sinks/store.ts";
import { readLatest, readPreviousReport, readRunReport } from "../../shared/sinks/store-read.ts";
import { storeRun } from "../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport, runAt } from "../support/reports.ts";
import { closedPort, startReceiver } from "./alerts/receiver.ts";

const BUCKET = "drift-reports";
const SECRET_CANARY = "CANARY-S3-SECRET-7f3c";
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let dir: string;
let server: S3rver;
let endpoint: string;
let client: S3Client;

function options(over: Partial<StoreOptions> = {}): StoreOptions {
  return {
    s3: { endpoint, region: "us-east-1", forcePathStyle: true, credentials },
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...over,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  client.destroy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function keysUnder(prefix: string): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key ?? "").sort();
}

describe("S3 store (s3rver)", () => {
  it("stores the §7 layout with content types and SHA-256 matching the bytes", async () => {
    const store = openReportStore(`s3://${BUCKET}/audits/prod`, options());
    expect(store.location).toBe(`s3://${BUCKET}/audits/prod`);
    const stored = await storeRun(store, artifactsOf(makeReport()));
    const run = "audits/prod/runs/2026/11/25/20261125T030000Z-3f9a2c";
    expect(await keysUnder("audits/prod/")).toEqual([
      "audits/prod/index.json",
      "audits/prod/latest.json",
      `${run}/report.html`,
      `${run}/report.json`,
      `${run}/report.md`,
      `${run}/snapshot.json`,
    ]);
    for (const o of stored.objects) {
      const key = `audits/prod/${o.key}`;
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentType).toBe(o.contentType);
      expect(head.Metadata?.sha256).toBe(o.sha256);
      const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(o.sha256);
      expect(bytes.length).toBe(o.bytes);
    }
    const latestHead = await client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "audits/prod/latest.json" }),
    );
    expect(latestHead.ContentType).toBe("application/json; charset=utf-8");
    expect(store.url(stored.reportKey)).toBe(`s3://${BUCKET}/${run}/report.json`);
  });

  it("keeps latest.json on the newest of three runs, even when an older one is stored late", async () => {
    const store = openReportStore(`s3://${BUCKET}/history`, options());
    const runs = [3, 4, 5].map((h) => makeReport(runAt(h)));
    for (const r of runs) expect((await storeRun(store, artifactsOf(r))).latestUpdated).toBe(true);
    const late = makeReport(runAt(2, "0000aa"));
    const stored = await storeRun(store, artifactsOf(late));
    expect(stored.latestUpdated).toBe(false);
    expect((await readLatest(store))?.runId).toBe(runs[2]?.runId);
    expect((await readPreviousReport(store))?.runId).toBe(runs[2]?.runId);
    expect((await readRunReport(store, late.runId))?.runId).toBe(late.runId);
    expect(await keysUnder("history/runs/")).toHaveLength(16);
  });

  it("parses s3://bucket[/prefix] and refuses prefixes that are not plain paths", () => {
    expect(openReportStore("s3://b", options()).location).toBe("s3://b");
    expect(openReportStore("s3://b/a/b/", options()).url("latest.json")).toBe(
      "s3://b/a/b/latest.json",
    );
    for (const bad of ["s3://", "s3:///x", "s3://b/../x", "s3://b/a?x=1"]) {
      expect(() => openReportStore(bad, options())).toThrow(ConfigError);
    }
  });

  it("reads a missing object as null and a missing bucket as a StoreError", async () => {
    const store = openReportStore(`s3://${BUCKET}/empty`, options());
    expect(await store.get("latest.json")).toBeNull();
    expect(await readPreviousReport(store)).toBeNull();
    const nowhere = openReportStore("s3://no-such-bucket/x", options());
    await expect(nowhere.get("latest.json")).rejects.toThrow(/NoSuchBucket/);
  });

  it("retries a write against a closed port, then throws StoreError without credentials", async () => {
    const port = await closedPort();
    const store = openReportStore(`s3://${BUCKET}/p`, {
      ...options(),
      s3: {
        endpoint: `http://127.0.0.1:${port}`,
        forcePathStyle: true,
        credentials: { accessKeyId: "AKIDCANARY", secretAccessKey: SECRET_CANARY },
      },
    });
    const error = await storeRun(store, artifactsOf(makeReport())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /could not write runs\/2026\/11\/25\/20261125T030000Z-3f9a2c\/\S+ in s3:\/\/drift-reports\/p after 3 attempts: .*ECONNREFUSED/,
    );
    expect(message).not.toContain(SECRET_CANARY);
    expect(String((error as Error).stack)).not.toContain(SECRET_CANARY);
  });

  it("retries 503 SlowDown answers and does not retry 403", async () => {
    const slow = await startReceiver(() => ({
      status: 503,
      headers: { "content-type": "application/xml" },
      body: "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>",
    }));
    const denied = await startReceiver(() => ({
      status: 403,
      headers: { "content-type": "application/xml" },
      body: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    }));
    try {
      const at = (origin: string) =>
        openReportStore(`s3://${BUCKET}/p`, {
          ...options(),
          s3: { ...options().s3, endpoint: origin },
        });
      await expect(at(slow.origin).put("a.json", "{}", "application/json")).rejects.toThrow(
        /after 3 attempts: SlowDown \(HTTP 503\)/,
      );
      const puts = slow.received.filter((r) => r.method === "PUT");
      expect(puts).toHaveLength(3);
      const digest = createHash("sha256").update("{}").digest();
      expect(puts[0]?.headers["x-amz-checksum-sha256"]).toBe(digest.toString("base64"));
      expect(puts[0]?.headers["x-amz-meta-sha256"]).toBe(digest.toString("hex"));
      await expect(at(denied.origin).put("a.json", "{}", "application/json")).rejects.toThrow(
        /after 1 attempt: AccessDenied \(HTTP 403\)/,
      );
    } finally {
      await slow.close();
      await denied.close();
    }
  });
});
