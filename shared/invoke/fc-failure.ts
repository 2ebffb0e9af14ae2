// What the two Function Compute invokers share: which failures are worth another attempt, the retry
// policy, and the last line of defence that keeps a credential out of every error they throw.
import { InvokeError, type InvokeErrorDetails } from "../errors.ts";
import type { RetryPolicy } from "../net/retry.ts";
import type { AlibabaInvokeCredentials } from "./types.ts";

/** Three more attempts, at most ~2 s apart: the coordinator's shard deadline bounds the rest. */
export const FC_INVOKE_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

// FC's documented answers for "too busy" (429 ResourceExhausted, 503 ResourceThrottled) and its
// server faults (500 InternalServerError): the platform itself retries these for async events.
const RETRYABLE_CODES = new Set(["ResourceExhausted", "ResourceThrottled", "InternalServerError"]);

export function isRetryableFcFailure(httpStatus: number | null, code: string): boolean {
  if (code === "NetworkError") return true;
  if (RETRYABLE_CODES.has(code) || /Throttl/i.test(code)) return true;
  return httpStatus === 429 || (httpStatus !== null && httpStatus >= 500);
}

/** An `InvokeError` that also says whether trying again may help (read by the retry loop only). */
export class FcInvokeError extends InvokeError {
  readonly retryable: boolean;
  constructor(message: string, details: InvokeErrorDetails, options?: { cause?: unknown }) {
    super(message, details, options);
    this.retryable = isRetryableFcFailure(details.httpStatus, details.code);
  }
}

/**
 * Builds the error from already-redacted parts, so the stack (rendered from the first message) never
 * holds a secret that a server or an SDK quoted back.
 */
export function fcInvokeError(
  credentials: AlibabaInvokeCredentials,
  message: string,
  details: InvokeErrorDetails,
  cause?: unknown,
): FcInvokeError {
  const redact = redactor(credentials);
  return new FcInvokeError(
    redact(message),
    {
      ...details,
      code: redact(details.code),
      requestId: details.requestId === null ? null : redact(details.requestId),
    },
    cause === undefined ? undefined : { cause },
  );
}

function redactor(credentials: AlibabaInvokeCredentials): (text: string) => string {
  const secrets = [credentials.accessKeySecret, credentials.securityToken].filter(
    (s): s is string => typeof s === "string" && s.length >= 4,
  );
  return (text) => secrets.reduce((out, s) => out.split(s).join("***"), text);
}

/** Server-supplied text is kept short: an error message is not a place for a response body. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
