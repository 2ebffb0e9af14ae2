// The part the invokers that speak HTTP themselves (FC 3.0, FunctionGraph) share: one signed request
// per attempt, the platform's answer read into an accepted invocation or a redacted InvokeError,
// bounded retries of what may pass, and the sockets closed once.
import { type RetryPolicy, withRetry } from "../net/retry.ts";
import {
  createHttpTransport,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  NETWORK_ERROR_CODES,
  NetworkError,
} from "../net/transport.ts";
import {
  INVOKE_RETRY,
  type InvokeFail,
  invokeFailure,
  RetryableInvokeError,
} from "./invoke-failure.ts";
import { encodeWorkerPayload } from "./payload.ts";
import type { FanoutPlatform, InvokeResult, WorkerInvoker, WorkerPayload } from "./types.ts";

export interface HttpInvokerParts {
  platform: FanoutPlatform;
  /** How errors name the worker. */
  functionName: string;
  /** Kept out of every message, code and request id an error carries. */
  secrets: readonly (string | undefined)[];
  timeoutMs: number;
  /** The signed request for one attempt (built again each time: fresh date and nonce). */
  build(body: string): HttpRequest;
  /** The accepted invocation, or `fail(...)` thrown with the platform's code and request id. */
  read(res: HttpResponse, fail: InvokeFail): InvokeResult;
}

/** Seams for tests; production uses the defaults. */
export interface HttpInvokerSeams {
  retry?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  transport?: HttpTransport;
}

export function createHttpInvoker(
  parts: HttpInvokerParts,
  seams: HttpInvokerSeams = {},
): WorkerInvoker {
  const transport =
    seams.transport ?? createHttpTransport({ connections: 4, maxBodyBytes: 64 * 1024 });
  const fail: InvokeFail = (message, details, cause) =>
    invokeFailure(
      parts.secrets,
      message,
      { platform: parts.platform, functionName: parts.functionName, ...details },
      cause,
    );
  let closed = false;
  return {
    platform: parts.platform,
    invoke(payload: WorkerPayload, signal?: AbortSignal): Promise<InvokeResult> {
      const body = encodeWorkerPayload(payload);
      const attempt = async () => {
        let res: HttpResponse;
        try {
          res = await transport.send(parts.build(body), { timeoutMs: parts.timeoutMs, signal });
        } catch (err) {
          throw networkFailure(err, fail);
        }
        return parts.read(res, fail);
      };
      return withRetry(attempt, {
        policy: seams.retry ?? INVOKE_RETRY,
        signal,
        sleep: seams.sleep,
        random: seams.random,
        classify: (err) => ({ retry: err instanceof RetryableInvokeError && err.retryable }),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await transport.close();
    },
  };
}

/** An endpoint override or default host as an origin: `https://` unless a scheme is given, no trailing `/`. */
export function endpointOrigin(endpoint: string): string {
  const withScheme = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
  return withScheme.replace(/\/+$/, "");
}

/**
 * The string fields of a JSON answer body, read by the first of several spellings that is present
 * and non-empty; a body that is not a JSON object has none.
 */
export function answerFields(text: string): (...names: string[]) => string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const o = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
  return (...names) => {
    for (const k of names) if (typeof o[k] === "string" && o[k] !== "") return o[k] as string;
    return undefined;
  };
}

/** A transport failure (no answer, refused connection) as the invoker's error; anything else as is. */
function networkFailure(err: unknown, fail: InvokeFail): unknown {
  if (!(err instanceof NetworkError)) return err;
  const code = NETWORK_ERROR_CODES[err.kind];
  return fail(err.message, { httpStatus: null, code, requestId: null }, err);
}
