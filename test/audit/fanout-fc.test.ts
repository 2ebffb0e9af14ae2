// Fan-out on Function Compute, end to end: the coordinator invokes workers through FC 3.0's
// InvokeFunction (ACS3) and FC 2.0's API (@alicloud/fc2, `FC` signature) against the FC stand-in,
// which verifies each signature, answers 202, and then runs the real FC worker handler — with the
// FC context a worker gets — on its own app. The store is s3rver; the clouds are the stand-ins.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFcWorkerHandler } from "../../functions/worker.ts";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { DEMO_CREDENTIALS } from "../../sandbox/demo-estate.ts";
import { type FcApi, startFcApi } from "../../sandbox/fc-api.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import {
  createBucket,
  expectShardedLikeOne,
  type Harness,
  startHarness,
  stubS3Env,
} from "./harness.ts";

const ACCOUNT = "1234567890123456";
const REGION = "cn-hangzhou";
const KEY = {
  id: DEMO_CREDENTIALS.alibaba.accessKeyId,
  secret: DEMO_CREDENTIALS.alibaba.accessKeySecret,
};

let h: Harness;
let fc: FcApi;
let bucket = "";
const fcLog: string[] = [];

beforeAll(async () => {
  stubS3Env();
  h = await startHarness();
  fc = await startFcApi({
    keys: [KEY],
    functions: ["rmq-drift-worker", "rmq-drift$worker"],
    log: (line) => fcLog.push(line),
    // What FC does with an accepted event: runs the worker's handler with the function's context.
    onInvoke: async ({ payload }) => {
      const worker = createFcWorkerHandler(async () => h.app({ bucket }), { logger: silentLogger });
      await worker(payload, {
        accountId: ACCOUNT,
        region: REGION,
        credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret },
      });
    },
  });
});
afterAll(async () => {
  await fc.close();
  await h.close();
  vi.unstubAllEnvs();
});

describe.each([
  ["fc3", "rmq-drift-worker", "/2023-03-30/functions/rmq-drift-worker/invocations"],
  ["fc2", "rmq-drift/worker", "/2016-08-15/services/rmq-drift/functions/worker/invocations"],
])("fan-out through %s", (platform, worker, path) => {
  it("collects every shard on FC workers and reports what one function reports", async () => {
    bucket = `fan-${platform}`;
    await createBucket(h, bucket);
    const one = await h.app({ bucket, prefix: "one" }).run({ trigger: "cli", noAlerts: true });
    const before = fc.invocations.length;
    const env = {
      ...sandboxEnv(h.sandbox),
      RMQ_DRIFT_FANOUT: platform,
      RMQ_DRIFT_WORKER_FUNCTION: worker,
      RMQ_DRIFT_FANOUT_ENDPOINT: fc.url,
      RMQ_DRIFT_FC_ACCOUNT_ID: ACCOUNT,
      RMQ_DRIFT_FC_REGION: REGION,
      RMQ_DRIFT_SHARD_SIZE: "2",
      RMQ_DRIFT_SHARD_WAIT_SECONDS: "60",
    };
    const many = await h.app({ bucket, env }).run({ trigger: "scheduled", noAlerts: true });
    const shards = expectShardedLikeOne(many, one);
    const mine = fc.invocations.slice(before);
    expect(mine).toHaveLength(shards.length);
    expect(new Set(mine.map((i) => i.api))).toEqual(new Set([platform]));
    expect(fc.requests.slice(-shards.length).map((r) => r.path.split("?")[0])).toEqual(
      mine.map(() => path),
    );
    expect(fc.hookErrors).toEqual([]);
    // The payload is a shard reference of a few hundred bytes, never a credential.
    for (const i of mine) {
      expect(i.payload.length).toBeLessThan(400);
      expect(JSON.parse(i.payload.toString("utf8"))).toMatchObject({
        shard: { runId: many.report.runId },
      });
    }
    expect(fcLog.join("\n")).not.toContain(KEY.secret);
  });
});
