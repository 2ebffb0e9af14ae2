// What the invokers that speak HTTP themselves (FC 2.0, FC 3.0, FunctionGraph) share: which failures
// are worth another attempt, the retry policy, and the last line of defence that keeps a credential
// out of every error they throw.
import { InvokeError, type InvokeErrorDetails } from "../errors.ts";
import type { RetryPolicy } from "../net/retry.ts";

/** Three more attempts, at most ~2 s apart: the coordinator's shard deadline bounds the rest. */
export const INVOKE_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

// FC's documented answers for "too busy" (429 ResourceExhausted, 503 ResourceThrottled) and its
// server faults (500 InternalServerError): the platform itself retries these for async events.
const RETRYABLE_CODES = new Set(["ResourceExhausted", "ResourceThrottled", "InternalServerError"]);
// A 429 that no wait cures: FunctionGraph's "Function Disabled".
const PERMANENT_CODES = new Set(["FSS.0429"]);

export function isRetryableInvokeFailure(httpStatus: number | null, code: string): boolean {
  if (PERMANENT_CODES.has(code)) return false;
  if (code === "NetworkError") return true;
  if (RETRYABLE_CODES.has(code) || /Throttl/i.test(code)) return true;
  return httpStatus === 429 || (httpStatus !== null && httpStatus >= 500);
}

/** An `InvokeError` that also says whether trying again may help (read by the retry loop only). */
export class RetryableInvokeError extends InvokeError {
  readonly retryable: boolean;
  constructor(message: string, details: InvokeErrorDetails, options?: { cause?: unknown }) {
    super(message, details, options);
    this.retryable = isRetryableInvokeFailure(details.httpStatus, details.code);
  }
}

/**
 * Builds the error from already-redacted parts, so the stack (rendered from the first message) never
 * holds a secret that a server or an SDK quoted back.
 */
export function invokeFailure(
  secrets: readonly (string | undefined)[],
  message: string,
  details: InvokeErrorDetails,
  cause?: unknown,
): RetryableInvokeError {
  const redact = redactor(secrets);
  return new RetryableInvokeError(
    redact(message),
    {
      ...details,
      code: redact(details.code),
      requestId: details.requestId === null ? null : redact(details.requestId),
    },
    cause === undefined ? undefined : { cause },
  );
}

function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  return (text) => known.reduce((out, s) => out.split(s).join("***"), text);
}

/** Server-supplied text is kept short: an error message is not a place for a response body. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The secret parts of a platform credential (Alibaba's or Huawei's shape), for `invokeFailure`. */
export function secretsOf(credentials: {
  accessKeySecret?: string;
  sk?: string;
  securityToken?: string;
}): (string | undefined)[] {
  return [credentials.accessKeySecret, credentials.sk, credentials.securityToken];
}

/** Builds an invoker's error from its own redacted parts (platform and function filled in). */
export type InvokeFail = (
  message: string,
  details: Omit<InvokeErrorDetails, "platform" | "functionName">,
  cause?: unknown,
) => RetryableInvokeError;
