// Shared by the Function Compute invoker tests: keys (with canary secrets that must never surface),
// the stand-in's functions, and a shard payload.

import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { type FcApi, type FcApiOptions, startFcApi } from "../../sandbox/fc-api.ts";
import { InvokeError } from "../../shared/errors.ts";
import type { FcInvokerOptions, WorkerPayload } from "../../shared/invoke/types.ts";

const require = createRequire(import.meta.url);
// The official SDK core, as the oracle for what FC 3.0's SDK sends (dev-only).
const core = require("@alicloud/openapi-core");
const dara = require("@darabonba/typescript");

export const ACCOUNT = "1234567890123456";
export const REGION = "cn-hangzhou";
export const CANARY_SECRET = "canary-SECRET-9f3a7c1e";
export const CANARY_TOKEN = "canary-TOKEN-STS-5d2b8e40";
export const KEY = { id: "LTAI5tFanOutKey", secret: CANARY_SECRET };
/** @alicloud/fc2 sends a token only for key ids starting with `STS`. */
export const STS_KEY = {
  id: "STS.NTempKey",
  secret: `${CANARY_SECRET}-sts`,
  securityToken: CANARY_TOKEN,
};
export const WORKER = "rmq-drift-worker";
export const FC2_WORKER = "rmq-drift$worker";

export const PAYLOAD: WorkerPayload = {
  shard: {
    runId: "20261203T063000Z-3f9a2c",
    n: 7,
    planKey: "rmq-drift/runs/20261203T063000Z-3f9a2c/plan.json",
  },
};

export interface Stand {
  api: FcApi;
  log: string[];
}

export async function startStand(overrides: Partial<FcApiOptions> = {}): Promise<Stand> {
  const log: string[] = [];
  const api = await startFcApi({
    keys: [KEY, STS_KEY],
    functions: [WORKER, FC2_WORKER],
    log: (line) => log.push(line),
    ...overrides,
  });
  return { api, log };
}

/** Resolves once the stand-in has run `count` hooks (they run after the 202 is sent). */
export async function invocations<T>(api: { invocations: T[] }, count: number): Promise<T[]> {
  for (let i = 0; i < 200 && api.invocations.length < count; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return api.invocations;
}

/** Every place a secret could leak from an error: message, stack, details, cause chain. */
export function everythingSaidBy(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown };
    parts.push(String(x.message), String(x.stack), JSON.stringify(x.details ?? null));
    e = x.cause;
  }
  return parts.join("\n");
}

/** Invoker options for `functionName` on the stand-in (when one runs), signed with `KEY`. */
export function fcOptions(
  functionName: string,
  stand: Stand | undefined,
  over: Partial<FcInvokerOptions> = {},
): FcInvokerOptions {
  return {
    functionName,
    accountId: ACCOUNT,
    region: REGION,
    credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret },
    endpoint: stand?.api.url,
    timeoutMs: 2_000,
    ...over,
  };
}

/** The `InvokeError` a call rejects with (the test fails if it resolves or throws anything else). */
export async function invokeFailure(work: Promise<unknown>): Promise<InvokeError> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(InvokeError);
    return err as InvokeError;
  }
  throw new Error("expected an InvokeError");
}

export const noSleep = async () => {};

/**
 * FC3SDK's invokeFunctionWithOptions on the SDK core, with a credential that names no provider
 * (so the core adds no `x-acs-credentials-provider` header our invoker has no reason to send).
 */
export function sdkInvoke(
  key: { id: string; secret: string; securityToken?: string },
  port: number | undefined,
  functionName: string,
  body: Buffer,
  qualifier?: string,
) {
  const credential = {
    getCredential: async () => ({
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      securityToken: key.securityToken,
      type: "access_key",
    }),
  };
  const client = new core.default(
    new core.$OpenApiUtil.Config({
      credential,
      endpoint: `127.0.0.1:${port}`,
      protocol: "http",
    }),
  );
  const params = new core.$OpenApiUtil.Params({
    action: "InvokeFunction",
    version: "2023-03-30",
    protocol: "HTTP",
    pathname: `/2023-03-30/functions/${dara.URL.percentEncode(functionName)}/invocations`,
    method: "POST",
    authType: "AK",
    style: "ROA",
    reqBodyType: "json",
    bodyType: "binary",
  });
  const request = new core.$OpenApiUtil.OpenApiRequest({
    headers: { "x-fc-invocation-type": "Async" },
    query: qualifier ? { qualifier } : {},
    stream: Readable.from([body]),
  });
  return client.callApi(params, request, new dara.RuntimeOptions({ autoretry: false })) as Promise<
    Record<string, unknown>
  >;
}
