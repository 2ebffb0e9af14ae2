// Starts a fan-out worker through FunctionGraph's AsyncInvokeFunction: one SDK-HMAC-SHA256-signed
// POST /v2/{project_id}/fgs/functions/{function_urn}/invocations-async whose JSON body becomes the
// worker's event, accepted with 202 and `{"request_id"}`. The worker is named by its URN, which also
// carries the region and project, so nothing else needs configuring. The payload is a validated shard
// reference of about a kilobyte at most, far below FunctionGraph's 256 KB async limit.
import type { HttpRequest, HttpResponse } from "../net/transport.ts";
import { formatSdkDate, signRequest } from "../providers/huawei/sign.ts";
import { type FunctionUrn, parseFunctionUrn } from "./function-urn.ts";
import {
  answerFields,
  createHttpInvoker,
  endpointOrigin,
  type HttpInvokerSeams,
} from "./http-invoker.ts";
import { clip, type InvokeFail, secretsOf } from "./invoke-failure.ts";
import type { InvokeResult, WorkerInvoker } from "./types.ts";

export interface FunctionGraphInvokerOptions {
  /** `urn:fss:<region>:<project_id>:function:<app>:<name>[:<version|alias>]`. */
  functionUrn: string;
  /** The agency's temporary keys (with their security token) or an IAM user's AK/SK. */
  credentials: { ak: string; sk: string; securityToken?: string };
  /** Replaces `https://functiongraph.{region}.myhuaweicloud.com` (private endpoints, stand-ins). */
  endpoint?: string;
  timeoutMs: number;
}

/** Seams for tests; production uses the defaults. */
export interface FunctionGraphInvokerSeams extends HttpInvokerSeams {
  clock?: () => Date;
}

export function createFunctionGraphInvoker(
  options: FunctionGraphInvokerOptions,
  seams: FunctionGraphInvokerSeams = {},
): WorkerInvoker {
  const urn = parseFunctionUrn(options.functionUrn);
  return createHttpInvoker(
    {
      platform: "functiongraph",
      functionName: options.functionUrn,
      secrets: secretsOf(options.credentials),
      timeoutMs: options.timeoutMs,
      build: (body) => buildAsyncInvokeRequest(options, urn, body, seams.clock),
      read: readAnswer,
    },
    seams,
  );
}

/** One signed request; built again for every attempt, so each has its own date. */
export function buildAsyncInvokeRequest(
  options: FunctionGraphInvokerOptions,
  urn: FunctionUrn,
  body: string,
  clock: () => Date = () => new Date(),
): HttpRequest {
  const endpoint = endpointOrigin(
    options.endpoint ?? `functiongraph.${urn.region}.myhuaweicloud.com`,
  );
  // The URN is one path segment; its `:` are path characters (RFC 3986 pchar) and go unencoded, as
  // the official SDK's requests arrive (the canonical request encodes them either way).
  const path = `/v2/${urn.projectId}/fgs/functions/${options.functionUrn}/invocations-async`;
  const url = new URL(`${endpoint}${path}`);
  const { ak, sk, securityToken } = options.credentials;
  const headers: Record<string, string> = {
    host: url.host,
    "Content-Type": "application/json",
    "X-Sdk-Date": formatSdkDate(clock()),
    "X-Project-Id": urn.projectId,
    ...(securityToken ? { "X-Security-Token": securityToken } : {}),
  };
  const signature = signRequest({
    method: "POST",
    path: url.pathname,
    query: {},
    headers,
    body,
    accessKeyId: ak,
    accessKeySecret: sk,
  });
  const { host: _host, ...sent } = headers;
  return {
    method: "POST",
    url,
    headers: { ...sent, ...signature, Accept: "application/json", "User-Agent": "rmq-drift" },
    body,
  };
}

function readAnswer(res: HttpResponse, fail: InvokeFail): InvokeResult {
  const pick = answerFields(res.body);
  // The 202 body's id is documented in both snake and camel case (v1/v2 compatibility).
  const requestId = pick("request_id", "requestId") ?? res.headers["x-request-id"] ?? null;
  if (res.status === 202 || res.status === 200) return { requestId };
  const code = pick("error_code", "errorCode") ?? `HTTP${res.status}`;
  const message = pick("error_msg", "errorMsg");
  throw fail(`AsyncInvokeFunction was refused${message ? `: ${clip(message)}` : ""}`, {
    httpStatus: res.status,
    code,
    requestId,
  });
}
