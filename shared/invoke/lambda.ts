// Starts a fan-out worker through Lambda's asynchronous Invoke (InvocationType "Event" → 202). The
// AWS SDK's Lambda client is imported on the first invoke, as the S3 client is (s3-lazy.ts), so a run
// without fan-out never pays for it.
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { InvokeError } from "../errors.ts";
import { encodeWorkerPayload } from "./payload.ts";
import type { InvokeResult, LambdaInvokerOptions, WorkerInvoker, WorkerPayload } from "./types.ts";

/** Lambda's payload limit for asynchronous invocation (function-platforms.md §6). */
export const LAMBDA_EVENT_PAYLOAD_LIMIT = 1024 * 1024;
const MAX_ATTEMPTS = 3;

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function createLambdaInvoker(options: LambdaInvokerOptions): WorkerInvoker {
  if (!options.region)
    throw new InvokeError(
      "Lambda invoker needs a region",
      details(options, null, "ConfigError", null),
    );
  let client:
    | Promise<{ client: LambdaClient; mod: typeof import("@aws-sdk/client-lambda") }>
    | undefined;
  let closed = false;
  const load = () => {
    client ??= import("@aws-sdk/client-lambda").then((mod) => ({
      mod,
      client: new mod.LambdaClient({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        maxAttempts: MAX_ATTEMPTS,
        requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: options.timeoutMs },
      }),
    }));
    return client;
  };
  return {
    platform: "lambda",
    async invoke(payload: WorkerPayload, signal?: AbortSignal): Promise<InvokeResult> {
      const body = new TextEncoder().encode(encodeWorkerPayload(payload));
      if (body.byteLength > LAMBDA_EVENT_PAYLOAD_LIMIT) {
        throw new InvokeError(
          `payload of ${body.byteLength} bytes exceeds Lambda's ${LAMBDA_EVENT_PAYLOAD_LIMIT}-byte Event limit`,
          details(options, null, "RequestTooLargeException", null),
        );
      }
      const { client: c, mod } = await load();
      const timeout = AbortSignal.timeout(options.timeoutMs * MAX_ATTEMPTS + 1000);
      const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const out = await c.send(
          new mod.InvokeCommand({
            FunctionName: options.functionName,
            InvocationType: "Event",
            Payload: body,
          }),
          { abortSignal },
        );
        const requestId = out.$metadata.requestId ?? null;
        if (out.StatusCode !== 202) {
          throw new InvokeError(
            "Lambda did not accept the asynchronous invocation",
            details(options, out.StatusCode ?? null, "UnexpectedStatus", requestId),
          );
        }
        return { requestId };
      } catch (err) {
        if (err instanceof InvokeError) throw err;
        throw mapError(options, err, timeout.aborted);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (client) (await client).client.destroy();
    },
  };
}

function details(
  o: LambdaInvokerOptions,
  httpStatus: number | null,
  code: string,
  requestId: string | null,
) {
  return { platform: "lambda", functionName: o.functionName, httpStatus, code, requestId };
}

/** SDK error → InvokeError with the service's code; only name/status/request id are kept, never the SDK message. */
function mapError(o: LambdaInvokerOptions, err: unknown, timedOut: boolean): InvokeError {
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode ?? null;
  const requestId = e.$metadata?.requestId ?? null;
  let code = e.name ?? "UnknownError";
  if (status === null) {
    const timeoutish = timedOut || /Timeout|Abort/i.test(`${e.name} ${e.code}`);
    code = timeoutish ? "Timeout" : "NetworkError";
  }
  return new InvokeError("Lambda asynchronous invoke failed", details(o, status, code, requestId), {
    cause: err,
  });
}
