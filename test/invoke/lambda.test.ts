// The real @aws-sdk/client-lambda, through our invoker, against the Lambda stand-in over real HTTP.
import { afterEach, describe, expect, it } from "vitest";
import {
  type LambdaApi,
  type LambdaApiOptions,
  type LambdaInvocation,
  startLambdaApi,
} from "../../sandbox/lambda-api.ts";
import type { InvokeError } from "../../shared/errors.ts";
import { createLambdaInvoker } from "../../shared/invoke/lambda.ts";
import type { WorkerPayload } from "../../shared/invoke/types.ts";
import { invokeFailure } from "./helpers.ts";

const CANARY = "canary-secret-Zq81xK";
const creds = { accessKeyId: "AKIDLAMBDATEST", secretAccessKey: CANARY };
const FN = "rmq-drift-dev-worker";
const payload: WorkerPayload = {
  shard: { runId: "20261125T030000Z-3f9a2c", n: 3, planKey: "p/runs/x/plan.json" },
};
let api: LambdaApi | undefined;
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await api?.close();
  api = undefined;
});

async function setup(extra: Partial<LambdaApiOptions> = {}, functionName = FN, secret = CANARY) {
  const seen: LambdaInvocation[] = [];
  api = await startLambdaApi({
    credentials: creds,
    functions: [FN],
    onInvoke: (i) => void seen.push(i),
    ...extra,
  });
  const invoker = createLambdaInvoker({
    functionName,
    region: "us-east-1",
    endpoint: api.endpoint,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: secret },
    timeoutMs: 300,
  });
  open.push(invoker);
  return { invoker, seen };
}

async function failure(p: Promise<unknown>): Promise<InvokeError> {
  const e = await invokeFailure(p);
  expect(`${e.message}\n${e.stack}`).not.toContain(CANARY);
  return e;
}

describe("Lambda invoker", () => {
  it("delivers exactly the payload as an Event invocation, signed, and returns the request id", async () => {
    const { invoker, seen } = await setup();
    const res = await invoker.invoke(payload);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.invocationType).toBe("Event");
    expect(seen[0]!.functionName).toBe(FN);
    expect(JSON.parse(seen[0]!.payload.toString("utf8"))).toEqual(payload);
  });

  it.each([
    `arn:aws:lambda:us-east-1:123456789012:function:${FN}`,
    `arn:aws:lambda:us-east-1:123456789012:function:${FN}:live`,
  ])("accepts the ARN %s", async (arn) => {
    const { invoker, seen } = await setup({}, arn);
    await invoker.invoke(payload);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.map((s) => s.functionName)).toEqual([FN]);
  });

  it("refuses a wrong secret with InvalidSignatureException", async () => {
    const { invoker, seen } = await setup({}, FN, `${CANARY}-wrong`);
    const e = await failure(invoker.invoke(payload));
    expect(e.details).toMatchObject({ code: "InvalidSignatureException", httpStatus: 403 });
    expect(seen).toHaveLength(0);
  });

  it("maps an unknown function to ResourceNotFoundException with status and request id", async () => {
    const { invoker } = await setup({}, "no-such-fn");
    const e = await failure(invoker.invoke(payload));
    expect(e.details).toMatchObject({
      platform: "lambda",
      functionName: "no-such-fn",
      code: "ResourceNotFoundException",
      httpStatus: 404,
    });
    expect(e.details.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("retries throttling and then succeeds", async () => {
    const { invoker, seen } = await setup({ faults: { throttle: 1 } });
    await invoker.invoke(payload);
    expect(api!.requests).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(1);
  }, 10_000);

  it("gives up after bounded retries", async () => {
    const { invoker } = await setup({ faults: { throttle: 10 } });
    const e = await failure(invoker.invoke(payload));
    expect(e.details).toMatchObject({ code: "TooManyRequestsException", httpStatus: 429 });
    expect(api!.requests).toBe(3);
  }, 10_000);

  it("times out a stand-in that never answers", async () => {
    const { invoker } = await setup({ faults: { hang: true } });
    const e = await failure(invoker.invoke(payload));
    expect(e.details).toMatchObject({ code: "Timeout", httpStatus: null });
  }, 10_000);

  it("reports an unreachable endpoint as NetworkError", async () => {
    const { invoker } = await setup();
    await api!.close();
    api = undefined;
    const e = await failure(invoker.invoke(payload));
    expect(e.details).toMatchObject({ code: "NetworkError", httpStatus: null });
  }, 10_000);
});
