// Local stand-in for Function Compute's asynchronous invocation, both dialects: FC 2.0
// (`POST /2016-08-15/services/{svc}[.{qualifier}]/functions/{fn}/invocations`, `FC` signature) and
// FC 3.0 (`POST /2023-03-30/functions/{fn}/invocations[?qualifier=]`, ACS3). A valid Async call is
// answered 202 with `x-fc-request-id`, and only then handed to `onInvoke`, as the platform runs the
// function after accepting the event. Fault knobs make it throttle, fail or hang.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { applyTransportFault, FaultPlan, type FaultRule } from "./faults.ts";
import { checkFc2Auth, checkFc3Auth, type FcAuthFailure, type FcKey } from "./fc-auth.ts";
import { readRequestBody, serveLocally } from "./server.ts";

export type FcApiDialect = "fc2" | "fc3";

export interface FcInvocation {
  /** The FC 3.0 name: `svc$fn` for a call through the FC 2.0 API. */
  functionName: string;
  qualifier: string | null;
  payload: Buffer;
  headers: IncomingHttpHeaders;
  api: FcApiDialect;
  requestId: string;
}

export interface FcApiOptions {
  keys: readonly FcKey[];
  /**
   * Functions that exist, by FC 3.0 name. An FC 2.0 function is `service$function` (the name FC 3.0
   * gives it); a function created in 3.0 is not reachable through the 2016-08-15 API here.
   */
  functions: readonly string[];
  onInvoke?: (invocation: FcInvocation) => void | Promise<void>;
  /** `throttle` → 429, `server-error` → 500/503, `timeout` → no answer, `reset` → dropped socket. */
  faults?: readonly FaultRule[];
  /** One line per request: method, path, status, code, key id. Never a secret or a signature. */
  log?: (line: string) => void;
  now?: () => number;
}

export interface FcApi {
  url: string;
  port: number;
  faults: FaultPlan;
  /** Accepted invocations whose hook has run (or failed), in order. */
  invocations: FcInvocation[];
  /** What the hooks threw. */
  hookErrors: unknown[];
  /** Every request that reached the stand-in, before any check. */
  requests: Array<{
    api: FcApiDialect | "unknown";
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
  }>;
  close(): Promise<void>;
}

/** FC's documented async limit (128 KB). */
export const FC_ASYNC_PAYLOAD_LIMIT = 128 * 1024;

interface Route {
  api: FcApiDialect;
  functionName: string;
  qualifier: string | null;
}

export async function startFcApi(options: FcApiOptions): Promise<FcApi> {
  const now = options.now ?? Date.now;
  const nonces = new Set<string>();
  const counters = { serverErrors: 0 };
  const api: Omit<FcApi, "url" | "port" | "close"> = {
    faults: new FaultPlan(options.faults),
    invocations: [],
    hookErrors: [],
    requests: [],
  };
  const server = await serveLocally((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        reply(res, "fc3", newRequestId(), 500, "InternalServerError", String(err));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readRequestBody(req);
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const rawQuery = q < 0 ? "" : raw.slice(q + 1);
    const route = routeOf(req.method ?? "GET", rawPath, rawQuery);
    const requestId = newRequestId();
    api.requests.push({
      api: route?.api ?? "unknown",
      method: req.method ?? "",
      path: rawPath,
      headers: req.headers,
    });
    const answer = (status: number, code: string, message: string) => {
      options.log?.(`${req.method} ${rawPath} ${status} ${code} key=${keyIdOf(req)}`);
      reply(res, route?.api ?? "fc3", requestId, status, code, message);
    };
    if (!route)
      return answer(
        404,
        "PathNotSupported",
        `'${req.method}' against '${rawPath}' is not supported`,
      );
    const denied: FcAuthFailure | undefined =
      route.api === "fc2"
        ? checkFc2Auth(req, rawPath, body, options.keys, now())
        : checkFc3Auth(req, rawPath, rawQuery, body, { keys: options.keys, nonces, now });
    if (denied) return answer(denied.status, denied.code, denied.message);
    const missing = missingFunction(route, options.functions);
    if (missing) return answer(404, missing.code, missing.message);
    if (req.headers["x-fc-invocation-type"] !== "Async") {
      return answer(
        400,
        "InvalidArgument",
        "the stand-in answers only x-fc-invocation-type: Async",
      );
    }
    if (body.length > FC_ASYNC_PAYLOAD_LIMIT) {
      return answer(
        400,
        "EntityTooLarge",
        `payload size exceeds maximum allowed size (${FC_ASYNC_PAYLOAD_LIMIT} bytes)`,
      );
    }
    const fault = api.faults.take({ call: route.functionName });
    if (fault) {
      if (fault.kind === "throttle")
        return answer(429, "ResourceExhausted", "concurrency limit exceeded");
      if (fault.kind === "server-error") {
        const [status, code] =
          counters.serverErrors++ % 2 === 0
            ? [500, "InternalServerError"]
            : [503, "ResourceThrottled"];
        return answer(
          status as number,
          code as string,
          "the request failed due to a temporary server error",
        );
      }
      options.log?.(`${req.method} ${rawPath} fault ${fault.kind}`);
      if (applyTransportFault(fault, res)) return;
    }
    options.log?.(`${req.method} ${rawPath} 202 key=${keyIdOf(req)}`);
    res.writeHead(202, { "x-fc-request-id": requestId, "content-length": "0" });
    const invocation: FcInvocation = { ...route, payload: body, headers: req.headers, requestId };
    res.end(() => setImmediate(() => runHook(invocation)));
  }
  async function runHook(invocation: FcInvocation) {
    try {
      await options.onInvoke?.(invocation);
    } catch (err) {
      api.hookErrors.push(err);
    }
    api.invocations.push(invocation);
  }
  return { ...api, ...server };
}

function routeOf(method: string, rawPath: string, rawQuery: string): Route | undefined {
  if (method !== "POST") return undefined;
  const fc3 = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/.exec(rawPath);
  if (fc3) {
    const qualifier = new URLSearchParams(rawQuery).get("qualifier");
    return { api: "fc3", functionName: safeDecode(fc3[1] as string), qualifier };
  }
  const fc2 = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations$/.exec(rawPath);
  if (!fc2) return undefined;
  const [service = "", qualifier] = safeDecode(fc2[1] as string).split(".", 2);
  const fn = safeDecode(fc2[2] as string);
  return { api: "fc2", functionName: `${service}$${fn}`, qualifier: qualifier ?? null };
}

function missingFunction(route: Route, functions: readonly string[]) {
  if (functions.includes(route.functionName)) return undefined;
  if (route.api === "fc2") {
    const service = route.functionName.split("$")[0] as string;
    if (!functions.some((f) => f.startsWith(`${service}$`))) {
      return { code: "ServiceNotFound", message: `service '${service}' does not exist` };
    }
  }
  return { code: "FunctionNotFound", message: `function '${route.functionName}' does not exist` };
}

/**
 * FC 3.0 errors as its API reference's Error struct: `{Code, Message, RequestId}`. FC 2.0 errors as
 * @alicloud/fc2 reads them: `{ErrorCode, ErrorMessage}` (the error-code pages print the names in
 * camel case; the SDK takes its `.code` from `ErrorCode` only).
 */
function reply(
  res: ServerResponse,
  api: FcApiDialect,
  requestId: string,
  status: number,
  code: string,
  message: string,
) {
  const body =
    api === "fc3"
      ? { Code: code, Message: message, RequestId: requestId }
      : { ErrorCode: code, ErrorMessage: message };
  res.writeHead(status, { "content-type": "application/json", "x-fc-request-id": requestId });
  res.end(JSON.stringify(body));
}

/** FC 3.0's request id format, e.g. `1-64e70cf1-5cbef92ea8fc8c42899cf5d1`. */
function newRequestId(): string {
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
}

function keyIdOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? "";
  return /^FC ([^:]+):/.exec(auth)?.[1] ?? /Credential=([^,]+)/.exec(auth)?.[1] ?? "-";
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
