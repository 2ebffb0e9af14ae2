// A local stand-in for FunctionGraph's AsyncInvokeFunction
// (POST /v2/{project_id}/fgs/functions/{function_urn}/invocations-async): verifies the SDK-HMAC-SHA256
// signature as Huawei's API gateway does (sandbox/huawei-auth.ts, written apart from the client's
// signer), checks that the signed X-Project-Id is the path's project, answers 202 with
// `{"request_id"}` and then hands the JSON body — the worker's event — to a hook, as FunctionGraph
// runs an accepted async event. Errors use the documented `{error_code, error_msg}` body.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type SandboxCredential, verifyWireRequest } from "./huawei-auth.ts";
import { readRequestBody, serveLocally } from "./server.ts";

export interface FunctionGraphInvocation {
  /** The URN as addressed, qualifier included. */
  functionUrn: string;
  event: unknown;
  requestId: string;
}

export interface FunctionGraphApiOptions {
  credentials: readonly SandboxCredential[];
  /** Unqualified URNs of the functions that exist (`urn:fss:…:function:<app>:<name>`). */
  functions: readonly string[];
  /** Functions that exist but are disabled: FunctionGraph answers 429 FSS.0429. */
  disabled?: readonly string[];
  onInvoke?: (invocation: FunctionGraphInvocation) => void | Promise<void>;
  /** Fault injection: the next N accepted-looking requests fail with 500. */
  faults?: { serverError?: number };
  clock?: () => Date;
}

export interface FunctionGraphApi {
  url: string;
  /** Every request that reached the stand-in, in order. */
  requests: Array<{ method: string; path: string; status: number }>;
  invocations: FunctionGraphInvocation[];
  hookErrors: unknown[];
  close(): Promise<void>;
}

const PATH = /^\/v2\/([^/]+)\/fgs\/functions\/([^/]+)\/invocations-async$/;
/** The documented async body limit. */
export const FUNCTIONGRAPH_API_PAYLOAD_LIMIT = 256 * 1024;

export async function startFunctionGraphApi(
  options: FunctionGraphApiOptions,
): Promise<FunctionGraphApi> {
  const faults = { serverError: 0, ...options.faults };
  const clock = options.clock ?? (() => new Date());
  const api: Omit<FunctionGraphApi, "url" | "close"> = {
    requests: [],
    invocations: [],
    hookErrors: [],
  };
  const server = await serveLocally(async (req, res) => {
    const body = await readRequestBody(req);
    const rawUrl = req.url ?? "/";
    const path = rawUrl.split("?")[0] ?? "/";
    const answer = (status: number, payload: Record<string, unknown>) => {
      api.requests.push({ method: req.method ?? "", path, status });
      send(res, status, payload);
    };
    const refuse = (status: number, code: string, msg: string) =>
      answer(status, { error_code: code, error_msg: msg });
    const auth = verifyWireRequest(
      { method: req.method ?? "GET", rawUrl, headers: req.headers, body },
      options.credentials,
      clock().getTime(),
    );
    if (!auth.ok) return refuse(auth.status, auth.code, auth.message);
    const match = req.method === "POST" ? PATH.exec(path) : null;
    if (!match)
      return refuse(404, "APIGW.0101", "The API does not exist or has not been published");
    const projectId = decodeURIComponent(match[1] as string);
    const urn = decodeURIComponent(match[2] as string);
    if (req.headers["x-project-id"] !== projectId) {
      return refuse(403, "APIGW.0302", "X-Project-Id does not match the project in the path");
    }
    if (faults.serverError > 0) {
      faults.serverError--;
      return refuse(500, "FSS.0500", "internal error");
    }
    const unqualified = urn.split(":").slice(0, 7).join(":");
    if (!options.functions.includes(unqualified) || !urn.includes(`:${projectId}:`)) {
      return refuse(404, "FSS.1051", "Not found the function");
    }
    if (options.disabled?.includes(unqualified)) {
      return refuse(429, "FSS.0429", "Function Disabled");
    }
    if (body.length > FUNCTIONGRAPH_API_PAYLOAD_LIMIT) {
      return refuse(413, "FSS.0413", "request body is larger than 256 KB");
    }
    let event: unknown;
    try {
      event = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(400, "FSS.0400", "request body is not JSON");
    }
    const requestId = randomUUID();
    answer(202, { request_id: requestId });
    setImmediate(async () => {
      const invocation = { functionUrn: urn, event, requestId };
      try {
        await options.onInvoke?.(invocation);
      } catch (err) {
        api.hookErrors.push(err);
      }
      api.invocations.push(invocation);
    });
  });
  return { ...api, url: server.url, close: server.close };
}

function send(res: ServerResponse, status: number, payload: Record<string, unknown>) {
  const text = JSON.stringify(payload);
  res
    .writeHead(status, {
      "content-type": "application/json",
      "x-request-id": randomUUID(),
      "content-length": Buffer.byteLength(text),
    })
    .end(text);
}
