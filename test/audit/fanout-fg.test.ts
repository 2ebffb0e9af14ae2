// Fan-out on FunctionGraph, end to end: the coordinator invokes workers through AsyncInvokeFunction
// (SDK-HMAC-SHA256) against the FunctionGraph stand-in, which verifies the signature, answers 202,
// and then runs the real FunctionGraph worker handler — with the agency keys a FunctionGraph context
// hands it — on its own app. The store is s3rver; the clouds are the stand-ins.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFgWorkerHandler } from "../../functions/worker.ts";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { DEMO_CREDENTIALS, DEMO_PROJECT } from "../../sandbox/demo-estate.ts";
import { type FunctionGraphApi, startFunctionGraphApi } from "../../sandbox/functiongraph-api.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import {
  createBucket,
  expectShardedLikeOne,
  type Harness,
  startHarness,
  stubS3Env,
} from "./harness.ts";

const URN = `urn:fss:cn-north-4:${DEMO_PROJECT}:function:default:rmq-drift-worker`;
const KEY = DEMO_CREDENTIALS.huawei;

let h: Harness;
let fg: FunctionGraphApi;
let bucket = "";

beforeAll(async () => {
  stubS3Env();
  h = await startHarness();
  const worker = createFgWorkerHandler(async () => h.app({ bucket }), { logger: silentLogger });
  fg = await startFunctionGraphApi({
    credentials: [KEY],
    functions: [URN],
    // What FunctionGraph does with an accepted event: runs the worker with the agency's keys.
    onInvoke: async ({ event }) => {
      await worker(event, {
        getRequestID: () => "fg-request",
        getSecurityAccessKey: () => KEY.ak,
        getSecuritySecretKey: () => KEY.sk,
        getSecurityToken: () => "",
      });
    },
  });
});
afterAll(async () => {
  await fg.close();
  await h.close();
  vi.unstubAllEnvs();
});

describe("fan-out through FunctionGraph", () => {
  it("collects every shard on FunctionGraph workers and reports what one function reports", async () => {
    bucket = "fan-functiongraph";
    await createBucket(h, bucket);
    const one = await h.app({ bucket, prefix: "one" }).run({ trigger: "cli", noAlerts: true });
    const env = {
      ...sandboxEnv(h.sandbox),
      RMQ_DRIFT_FANOUT: "functiongraph",
      RMQ_DRIFT_WORKER_FUNCTION: URN,
      RMQ_DRIFT_FANOUT_ENDPOINT: fg.url,
      RMQ_DRIFT_SHARD_SIZE: "2",
      RMQ_DRIFT_SHARD_WAIT_SECONDS: "60",
    };
    const many = await h.app({ bucket, env }).run({ trigger: "scheduled", noAlerts: true });
    const shards = expectShardedLikeOne(many, one);
    expect(fg.hookErrors).toEqual([]);
    expect(fg.requests.map((r) => r.status)).toEqual(shards.map(() => 202));
    expect(fg.invocations.map((i) => i.functionUrn)).toEqual(shards.map(() => URN));
    // The event is a shard reference of this run, never a credential.
    for (const i of fg.invocations) {
      expect(i.event).toMatchObject({ shard: { runId: many.report.runId } });
      expect(JSON.stringify(i.event)).not.toContain(KEY.sk);
    }
  });
});
