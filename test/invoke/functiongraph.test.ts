// The FunctionGraph invoker over real HTTP against the stand-in, which verifies SDK-HMAC-SHA256 as
// Huawei's gateway does: the official FunctionGraph SDK's AsyncInvokeFunction is accepted by the same
// stand-in (so it speaks the real protocol) and sends the same path; the 202 and its request id;
// FunctionGraph's errors as InvokeError; retries on 5xx only; and no secret in anything it throws.
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { type FunctionGraphApi, startFunctionGraphApi } from "../../sandbox/functiongraph-api.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import { parseFunctionUrn } from "../../shared/invoke/function-urn.ts";
import {
  createFunctionGraphInvoker,
  type FunctionGraphInvokerOptions,
} from "../../shared/invoke/functiongraph.ts";
import type { WorkerInvoker } from "../../shared/invoke/types.ts";
import {
  CANARY_SECRET,
  CANARY_TOKEN,
  everythingSaidBy,
  invocations,
  invokeFailure,
  PAYLOAD,
} from "./helpers.ts";

const PROJECT = "0123456789abcdef0123456789abcdef";
const URN = `urn:fss:cn-north-4:${PROJECT}:function:default:rmq-drift-worker`;
const KEY = { ak: "HWFANOUTAK0000000001", sk: CANARY_SECRET };
const TEMP = {
  ak: "HWFANOUTSTS000000001",
  sk: `${CANARY_SECRET}-sts`,
  securityToken: CANARY_TOKEN,
};

let api: FunctionGraphApi | undefined;
let invoker: WorkerInvoker | undefined;
afterEach(async () => {
  await invoker?.close();
  await api?.close();
  api = undefined;
  invoker = undefined;
});

async function stand(over: Partial<Parameters<typeof startFunctionGraphApi>[0]> = {}) {
  api = await startFunctionGraphApi({ credentials: [KEY, TEMP], functions: [URN], ...over });
  return api;
}

function open(over: Partial<FunctionGraphInvokerOptions> = {}, delays: number[] = []) {
  invoker = createFunctionGraphInvoker(
    { functionUrn: URN, credentials: KEY, endpoint: api?.url, timeoutMs: 2_000, ...over },
    { sleep: async (ms) => void delays.push(ms), random: () => 1 },
  );
  return invoker;
}

describe("createFunctionGraphInvoker", () => {
  it("is accepted with 202; the event is exactly the payload, the request id FunctionGraph's", async () => {
    await stand();
    const result = await open().invoke(PAYLOAD);
    const [inv] = await invocations(api as FunctionGraphApi, 1);
    expect(inv?.functionUrn).toBe(URN);
    expect(inv?.event).toEqual(PAYLOAD);
    expect(result.requestId).toBe(inv?.requestId);
    expect(api?.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", `/v2/${PROJECT}/fgs/functions/${URN}/invocations-async`, 202],
    ]);
  });

  it("signs the agency's temporary keys with their security token", async () => {
    await stand();
    await open({ credentials: TEMP }).invoke(PAYLOAD);
    expect(await invocations(api as FunctionGraphApi, 1)).toHaveLength(1);
    // The stand-in refuses a temporary key whose token is missing or unsigned.
    const { securityToken: _, ...withoutToken } = TEMP;
    const err = await invokeFailure(open({ credentials: withoutToken }).invoke(PAYLOAD));
    expect(err.details).toMatchObject({ httpStatus: 401, code: "APIGW.0301" });
  });

  it("the official FunctionGraph SDK is accepted by the same stand-in and sends the same path", async () => {
    await stand();
    const require = createRequire(import.meta.url);
    const fg = require("@huaweicloud/huaweicloud-sdk-functiongraph");
    const core = require("@huaweicloud/huaweicloud-sdk-core");
    const client = fg.FunctionGraphClient.newBuilder()
      .withCredential(
        new core.BasicCredentials().withAk(KEY.ak).withSk(KEY.sk).withProjectId(PROJECT),
      )
      .withEndpoint(api?.url)
      .build();
    const answer = await client.asyncInvokeFunction(
      new fg.AsyncInvokeFunctionRequest().withFunctionUrn(URN).withBody(PAYLOAD),
    );
    await open().invoke(PAYLOAD);
    const [sdk, ours] = await invocations(api as FunctionGraphApi, 2);
    expect(answer.request_id ?? answer.requestId).toBe(sdk?.requestId);
    expect(sdk?.event).toEqual(ours?.event);
    const [sdkRequest, ourRequest] = api?.requests ?? [];
    expect(sdkRequest?.status).toBe(202);
    expect(ourRequest).toEqual(sdkRequest);
  });

  it("reports FunctionGraph's refusals with code and request id, retrying only server faults", async () => {
    await stand({ disabled: [URN], faults: { serverError: 2 } });
    const delays: number[] = [];
    const disabled = await invokeFailure(open({}, delays).invoke(PAYLOAD));
    // Two 500s are retried; the 429 "Function Disabled" after them is final.
    expect(api?.requests.map((r) => r.status)).toEqual([500, 500, 429]);
    expect(delays).toHaveLength(2);
    expect(disabled.details).toMatchObject({
      platform: "functiongraph",
      functionName: URN,
      httpStatus: 429,
      code: "FSS.0429",
    });
    expect(disabled.message).toContain("Function Disabled");
    const missing = await invokeFailure(
      open({ functionUrn: URN.replace("rmq-drift-worker", "other") }).invoke(PAYLOAD),
    );
    expect(missing.details).toMatchObject({ httpStatus: 404, code: "FSS.1051" });
    expect(api?.requests.at(-1)?.status).toBe(404);
  });

  it("never says a secret or token, whatever fails", async () => {
    await stand();
    const wrongKey = await invokeFailure(
      open({ credentials: { ...TEMP, sk: `${CANARY_SECRET}-wrong` } }).invoke(PAYLOAD),
    );
    expect(wrongKey.details.code).toBe("APIGW.0301");
    const closedPort = await invokeFailure(
      open({ endpoint: "http://127.0.0.1:9", credentials: TEMP }).invoke(PAYLOAD),
    );
    expect(closedPort.details.code).toBe("NetworkError");
    for (const err of [wrongKey, closedPort]) {
      const said = everythingSaidBy(err);
      expect(said).not.toContain(CANARY_SECRET);
      expect(said).not.toContain(CANARY_TOKEN);
    }
  });
});

describe("the worker's URN", () => {
  it("carries region, project and qualifier", () => {
    expect(parseFunctionUrn(`${URN}:latest`)).toEqual({
      region: "cn-north-4",
      projectId: PROJECT,
      app: "default",
      name: "rmq-drift-worker",
      qualifier: "latest",
    });
  });

  it("anything else is refused before a request, by the configuration and by the invoker", () => {
    expect(() => parseFunctionUrn("rmq-drift-worker")).toThrow(ConfigError);
    expect(() =>
      createFunctionGraphInvoker({ functionUrn: "x", credentials: KEY, timeoutMs: 1 }),
    ).toThrow(/urn:fss:<region>:<project_id>:function:<app>:<name>/);
    const env = {
      RMQ_DRIFT_FANOUT: "functiongraph",
      RMQ_DRIFT_WORKER_FUNCTION: "rmq-drift-worker",
    };
    expect(() => loadConfig(env)).toThrow(/RMQ_DRIFT_WORKER_FUNCTION.*URN/s);
    expect(loadConfig({ ...env, RMQ_DRIFT_WORKER_FUNCTION: URN }).fanout).toMatchObject({
      platform: "functiongraph",
      workerFunction: URN,
    });
  });
});
