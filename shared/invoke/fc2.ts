// Starts a fan-out worker through the FC 2.0 API (2016-08-15) with the official @alicloud/fc2
// client: `invokeFunction(service, function, payload, {x-fc-invocation-type: Async})`, accepted with
// 202. The SDK (and its axios, ali-oss and ws) is imported on the first invoke only, so a deployment
// that never fans out through FC 2.0 never loads it.
import { ConfigError } from "../errors.ts";
import { type RetryPolicy, withRetry } from "../net/retry.ts";
import {
  clip,
  INVOKE_RETRY,
  type InvokeFail,
  invokeFailure,
  RetryableInvokeError,
  secretsOf,
} from "./invoke-failure.ts";
import { encodeWorkerPayload } from "./payload.ts";
import type { FcInvokerOptions, InvokeResult, WorkerInvoker, WorkerPayload } from "./types.ts";

type FcClientClass = typeof import("@alicloud/fc2");
type FcClient = InstanceType<FcClientClass>;

export interface Fc2InvokerSeams {
  /** Loads the SDK's client class (default: the dynamic import). */
  load?: () => Promise<FcClientClass>;
  retry?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface Fc2FunctionName {
  service: string;
  fn: string;
}

/** `service/function` or `service$function` (the FC 3.0 name of a 2.0 function). */
export function parseFc2FunctionName(name: string): Fc2FunctionName {
  const match = /^([A-Za-z_][\w-]*)[/$]([A-Za-z_][\w-]*)$/.exec(name);
  if (!match) {
    throw new ConfigError(
      `fc2 fan-out needs the worker as "service/function" or "service$function" (letters, digits, _ and -), got "${clip(name, 80)}"`,
    );
  }
  return { service: match[1] as string, fn: match[2] as string };
}

const loadSdk = async (): Promise<FcClientClass> => (await import("@alicloud/fc2")).default;

export function createFc2Invoker(
  options: FcInvokerOptions,
  seams: Fc2InvokerSeams = {},
): WorkerInvoker {
  const { service, fn } = parseFc2FunctionName(options.functionName);
  const fail: InvokeFail = (message, details) =>
    invokeFailure(secretsOf(options.credentials), message, {
      platform: "fc2",
      functionName: options.functionName,
      ...details,
    });
  let client: Promise<FcClient> | undefined;
  const open = async () => {
    const FCClient = await (seams.load ?? loadSdk)();
    const { accessKeyId, accessKeySecret, securityToken } = options.credentials;
    return new FCClient(options.accountId, {
      accessKeyID: accessKeyId,
      accessKeySecret,
      securityToken,
      region: options.region,
      // The SDK's default is plain http://.
      secure: true,
      endpoint: options.endpoint,
      timeout: options.timeoutMs,
    });
  };
  const send = async (body: string): Promise<InvokeResult> => {
    client ??= open();
    try {
      const res = await (await client).invokeFunction(
        service,
        fn,
        body,
        { "x-fc-invocation-type": "Async" },
        options.qualifier,
      );
      return { requestId: headerValue(res.headers["x-fc-request-id"]) };
    } catch (err) {
      throw mapSdkError(err, fail);
    }
  };
  return {
    platform: "fc2",
    invoke(payload: WorkerPayload, signal?: AbortSignal): Promise<InvokeResult> {
      const body = encodeWorkerPayload(payload);
      const run = () =>
        withRetry(() => send(body), {
          policy: seams.retry ?? INVOKE_RETRY,
          signal,
          sleep: seams.sleep,
          random: seams.random,
          classify: (err) => ({ retry: err instanceof RetryableInvokeError && err.retryable }),
        });
      return signal ? abortable(run(), signal, fail) : run();
    },
    async close() {
      // httpx (the SDK's transport) keeps one process-wide keep-alive agent: nothing to close here.
      client = undefined;
    },
  };
}

/**
 * The SDK throws `FC<ErrorCode>Error` with `.code` and a message
 * `POST <path> failed with <status>. requestid: <id>, message: <ErrorMessage>.` for an HTTP answer,
 * and httpx's `RequestTimeoutError` or a socket error otherwise. Nothing of the original is kept as a
 * cause: only the parts read here leave this function, redacted.
 */
function mapSdkError(err: unknown, fail: InvokeFail): RetryableInvokeError {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const name = typeof e.name === "string" ? e.name : "Error";
  const text = typeof e.message === "string" ? e.message : String(err);
  const answered = /failed with (\d{3})\. requestid: (\S*), message: ([\s\S]*)\.$/.exec(text);
  if (answered && /^FC.*Error$/.test(name)) {
    const httpStatus = Number(answered[1]);
    const requestId = answered[2] && answered[2] !== "undefined" ? answered[2] : null;
    const code = typeof e.code === "string" && e.code !== "" ? e.code : `HTTP${httpStatus}`;
    const reason = answered[3] && answered[3] !== "undefined" ? `: ${clip(answered[3])}` : "";
    return fail(`InvokeFunction (FC 2.0) was refused${reason}`, { httpStatus, code, requestId });
  }
  if (name === "RequestTimeoutError") {
    return fail("no answer from Function Compute in time", {
      httpStatus: null,
      code: "Timeout",
      requestId: null,
    });
  }
  if (typeof e.code === "string" && /^E[A-Z]+$/.test(e.code)) {
    return fail(`connection to Function Compute failed: ${e.code}`, {
      httpStatus: null,
      code: "NetworkError",
      requestId: null,
    });
  }
  if (err instanceof SyntaxError) {
    return fail("Function Compute answered with a body that is not JSON", {
      httpStatus: null,
      code: "MalformedResponse",
      requestId: null,
    });
  }
  return fail(`the FC 2.0 client failed: ${name}: ${clip(text)}`, {
    httpStatus: null,
    code: "ClientError",
    requestId: null,
  });
}

function abortable<T>(work: Promise<T>, signal: AbortSignal, fail: InvokeFail): Promise<T> {
  const aborted = () =>
    fail("invocation aborted", { httpStatus: null, code: "Aborted", requestId: null });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? null : v;
}
