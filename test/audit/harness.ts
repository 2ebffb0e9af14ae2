// End-to-end harness: the cloud sandbox, a real S3 protocol server (s3rver) and a webhook receiver
// that verifies our HMAC signature, all on 127.0.0.1, plus an app wired the way production wires it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { expect, vi } from "vitest";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { type DemoEstate, demoEstate } from "../../sandbox/demo-estate.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { type App, createApp, type FanoutOverrides } from "../../shared/audit/app.ts";
import type { AuditOutcome } from "../../shared/audit/types.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { createJsonLogger } from "../../shared/log/logger.ts";
import type { LeaseOptions } from "../../shared/sinks/lease.ts";
import { type Receiver, startReceiver } from "../sinks/alerts/receiver.ts";

export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const WEBHOOK_SECRET = "CANARY-WEBHOOK-SECRET-51d2";

export interface Harness {
  sandbox: CloudSandbox;
  s3: S3Client;
  s3Endpoint: string;
  receiver: Receiver;
  logs: string[];
  app(options: {
    bucket: string;
    prefix?: string;
    clock?: () => Date;
    env?: Record<string, string>;
    /** Baseline path or `s3://bucket/key`; default policies/demo.yaml. */
    baseline?: string;
    lease?: LeaseOptions;
    /** Fan-out settings over the environment's (invoker, shard size, wait). */
    fanout?: FanoutOverrides;
  }): App;
  objects(bucket: string): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export async function startHarness(estate?: DemoEstate): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "rmq-drift-e2e-"));
  const s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const { port } = await s3rver.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({
    endpoint: s3Endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  const sandbox = await startCloudSandbox({ estate });
  const receiver = await startReceiver((req) =>
    verifyWebhook(req) ? { status: 200 } : { status: 401 },
  );
  const logs: string[] = [];
  return {
    sandbox,
    s3,
    s3Endpoint,
    receiver,
    logs,
    app: ({
      bucket,
      prefix = "audits",
      clock,
      env = {},
      baseline = "policies/demo.yaml",
      lease,
      fanout,
    }) =>
      createApp({
        config: loadConfig({
          ...sandboxEnv(sandbox),
          RMQ_DRIFT_ALIBABA_QPS: "500",
          RMQ_DRIFT_HUAWEI_QPS: "500",
          RMQ_DRIFT_S3_ENDPOINT: s3Endpoint,
          RMQ_DRIFT_S3_REGION: "us-east-1",
          RMQ_DRIFT_S3_FORCE_PATH_STYLE: "true",
          RMQ_DRIFT_ALERTS: `webhook+${receiver.origin}/hooks/rmq-drift`,
          RMQ_DRIFT_ALERT_SECRET_1: WEBHOOK_SECRET,
          RMQ_DRIFT_ALERT_MIN_SEVERITY: "low",
          ...env,
        }),
        baseline,
        reports: `s3://${bucket}/${prefix}`,
        logger: createJsonLogger({ level: "debug", write: (line) => logs.push(line) }),
        clock,
        lease,
        fanout,
        writeConsole: (text) => logs.push(text),
      }),
    async objects(bucket) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      const out = new Map<string, string>();
      for (const o of listed.Contents ?? []) {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
        out.set(o.Key ?? "", (await got.Body?.transformToString()) ?? "");
      }
      return out;
    },
    async close() {
      await receiver.close();
      await sandbox.close();
      s3.destroy();
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo estate with every Alibaba password and Huawei secret key replaced by canaries (prefixed
 * `aliCanary` / `hwCanary`), and nothing dead, so a test can prove no secret reaches any output.
 */
export function canaryEstate(aliCanary: string, hwCanary: string): DemoEstate {
  const estate = demoEstate();
  for (const i of estate.alibaba.instances)
    for (const a of i.accounts) a.password = `${aliCanary}-${a.username}`;
  for (const i of estate.huawei.instances)
    for (const u of i.users) u.secret_key = `${hwCanary}-${u.access_key}`;
  return { ...estate, huaweiKnobs: {} };
}

export async function createBucket(h: Harness, bucket: string) {
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** The receiver side of our generic webhook signature, written from its documentation. */
function verifyWebhook(req: {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}) {
  const ts = String(req.headers["x-rmq-drift-timestamp"] ?? "");
  const sig = String(req.headers["x-rmq-drift-signature"] ?? "");
  const want = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(`${ts}.${req.body}`).digest("hex")}`;
  return sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
}

/** The S3 keys the store's SDK reads from the environment, as on a function platform (undo with vi.unstubAllEnvs). */
export function stubS3Env(): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3_CREDENTIALS.secretAccessKey);
}

/**
 * A fan-out run collected every shard and reports what one function reports on the same estate:
 * status, summary, findings and each target's status. Returns the shards.
 */
export function expectShardedLikeOne(many: AuditOutcome, one: AuditOutcome) {
  const shards = many.report.shards ?? [];
  expect(shards.length).toBeGreaterThan(1);
  expect(shards.every((s) => s.status === "ok")).toBe(true);
  expect(many.report.status).toBe(one.report.status);
  expect(many.report.summary).toEqual(one.report.summary);
  expect(many.report.findings.map((f) => f.id)).toEqual(one.report.findings.map((f) => f.id));
  expect(many.report.targets.map((t) => [t.key, t.status])).toEqual(
    one.report.targets.map((t) => [t.key, t.status]),
  );
  return shards;
}
