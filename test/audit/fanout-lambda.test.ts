// Fan-out on Lambda, end to end: the coordinator invokes workers through the real
// @aws-sdk/client-lambda (InvokeCommand, InvocationType "Event") against the Lambda stand-in, which
// verifies SigV4, answers 202, and then runs the real Lambda worker handler on its own app, as Lambda
// runs an accepted event. The store is s3rver; the clouds are the stand-ins.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkerHandler } from "../../functions/worker.ts";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { type LambdaApi, type LambdaInvocation, startLambdaApi } from "../../sandbox/lambda-api.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import {
  createBucket,
  expectShardedLikeOne,
  type Harness,
  S3_CREDENTIALS,
  startHarness,
  stubS3Env,
} from "./harness.ts";

const WORKER = "rmq-drift-test-worker";
let h: Harness;
let lambda: LambdaApi;
let bucket = "";
const invocations: LambdaInvocation[] = [];
/** Shard numbers whose events Lambda accepts but whose worker never runs (a lost or crashed worker). */
let dropped = new Set<number>();
const hookErrors: unknown[] = [];

beforeAll(async () => {
  // The SDK's default credential chain reads these, as on Lambda (the function's role).
  stubS3Env();
  h = await startHarness();
  const worker = createWorkerHandler(async () => h.app({ bucket }), { logger: silentLogger });
  lambda = await startLambdaApi({
    credentials: S3_CREDENTIALS,
    functions: [WORKER],
    onInvoke: async (invocation) => {
      invocations.push(invocation);
      const event = JSON.parse(invocation.payload.toString("utf8"));
      if (dropped.has(event.shard.n)) return;
      await worker(event).catch((err) => hookErrors.push(err));
    },
  });
});
afterAll(async () => {
  await lambda.close();
  await h.close();
  vi.unstubAllEnvs();
});

function lambdaEnv(waitSeconds: number): Record<string, string> {
  return {
    ...sandboxEnv(h.sandbox),
    RMQ_DRIFT_FANOUT: "lambda",
    RMQ_DRIFT_WORKER_FUNCTION: WORKER,
    RMQ_DRIFT_FANOUT_ENDPOINT: lambda.endpoint,
    AWS_REGION: "eu-west-1",
    RMQ_DRIFT_SHARD_SIZE: "2",
    RMQ_DRIFT_SHARD_WAIT_SECONDS: String(waitSeconds),
  };
}

describe("fan-out through Lambda", () => {
  it("collects every shard on Lambda workers and reports what one function reports", async () => {
    bucket = "fan-lambda";
    dropped = new Set();
    await createBucket(h, bucket);
    const one = await h.app({ bucket, prefix: "one" }).run({ trigger: "cli", noAlerts: true });
    const before = invocations.length;
    const many = await h
      .app({ bucket, env: lambdaEnv(60) })
      .run({ trigger: "scheduled", noAlerts: true });
    const shards = expectShardedLikeOne(many, one);
    const mine = invocations.slice(before);
    expect(mine.map((i) => i.invocationType)).toEqual(shards.map(() => "Event"));
    expect(mine.map((i) => i.functionName)).toEqual(shards.map(() => WORKER));
    expect(mine.map((i) => JSON.parse(i.payload.toString("utf8")).shard.n).sort()).toEqual(
      shards.map((s) => s.n).sort(),
    );
    expect(hookErrors).toEqual([]);
    // The payload is a shard reference of a few hundred bytes, never a credential.
    for (const i of mine) {
      expect(i.payload.length).toBeLessThan(400);
      expect(i.payload.toString("utf8")).not.toContain(S3_CREDENTIALS.secretAccessKey);
    }
  });

  it("a worker Lambda accepted but never ran makes exactly its targets unreadable", async () => {
    bucket = "fan-lambda-lost";
    dropped = new Set([1]);
    await createBucket(h, bucket);
    const before = invocations.length;
    const run = await h
      .app({ bucket, env: lambdaEnv(3) })
      .run({ trigger: "scheduled", noAlerts: true });
    const shards = run.report.shards ?? [];
    const lost = shards.find((s) => s.n === 1);
    expect(lost?.status).toBe("missing");
    expect(shards.filter((s) => s.status !== "ok")).toEqual([lost]);
    // The plan names the lost shard's targets: exactly those are unreadable, and only as ShardTimeout.
    const objects = await h.objects(bucket);
    const planText = [...objects].find(
      ([k]) => k.includes(run.report.runId) && k.endsWith("/plan.json"),
    )?.[1];
    const plan = JSON.parse(planText ?? "{}") as { shards: { n: number; targets: string[] }[] };
    const lostKeys = plan.shards.find((s) => s.n === 1)?.targets ?? [];
    expect(lostKeys.length).toBe(lost?.targets);
    const timedOut = run.report.targets.filter((t) => t.error?.code === "ShardTimeout");
    expect(timedOut.map((t) => t.key).sort()).toEqual([...lostKeys].sort());
    expect(timedOut.every((t) => t.status === "unreadable")).toBe(true);
    // Every other target reads as it does in one function (the demo estate has its own unreadable).
    const one = await h.app({ bucket, prefix: "one" }).run({ trigger: "cli", noAlerts: true });
    const others = (r: typeof run) =>
      r.report.targets.filter((t) => !lostKeys.includes(t.key)).map((t) => [t.key, t.status]);
    expect(others(run)).toEqual(others(one));
    expect(run.report.status).not.toBe("clean");
    expect(invocations.length - before).toBe(shards.length);
  });
});
