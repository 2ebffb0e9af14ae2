// Huawei responses → data or ProviderError: a 2xx body validated against its schema; for errors,
// which codes are flow control (retry, slow the whole account down), which are final (auth,
// signature, not found), and what may appear in a message.
import type { z } from "zod";
import { ProviderError } from "../../errors.ts";
import { parseRetryAfter } from "../../net/retry.ts";
import type { HttpResponse } from "../../net/transport.ts";
import { parseJson, validateJson } from "../json.ts";
import {
  createSecretRedactor,
  type Redact,
  type SecretRegistry,
  takeSecretFields,
} from "../redact.ts";
import { ErrorBodySchema } from "./schemas.ts";

/**
 * Flow control, whatever HTTP status it arrives with: the gateway's 429, and DMS codes documented
 * with 404 (DMS.10240407), 503 (DMS.111501025) and 400 (DMS.00400973).
 */
export const FLOW_CONTROL_CODES: ReadonlySet<string> = new Set([
  "APIG.0308",
  "APIGW.0308",
  "DMS.10240407",
  "DMS.111501025",
  "DMS.00400973",
]);

/**
 * ShowUser's answer for a user the instance does not have: HTTP 400 with this code (the Huawei
 * Terraform provider maps exactly this to "deleted": `parseRocketMqErrToError404` in
 * `services/dms/resource_huaweicloud_dms_rocketmq_user.go`).
 */
export const USER_NOT_FOUND_CODE = "DMS.00500972";

const MAX_MESSAGE = 600;

export type { Redact } from "../redact.ts";

const headerOnly = createSecretRedactor([], ["x-security-token"]);

/**
 * The gateway's APIGW.0301 message embeds its canonical request, signed headers included, so a
 * security token could ride along; every secret of the run (`secrets`, the registry's redact) is
 * blanked too, before truncation.
 */
export function createRedactor(secrets: Redact): Redact {
  return (text) => {
    const out = secrets(headerOnly(text));
    return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
  };
}

export function requestIdOf(res: HttpResponse, body?: { request_id?: string }): string | null {
  return res.headers["x-request-id"] ?? body?.request_id ?? null;
}

export function errorFromResponse(call: string, res: HttpResponse, redact: Redact): ProviderError {
  const body = readErrorBody(res.body);
  const code = body.code ?? `HTTP${res.status}`;
  const flowControl = FLOW_CONTROL_CODES.has(code) || res.status === 429;
  const retryable = flowControl || res.status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(res.headers["retry-after"]) : undefined;
  const message = body.message ? redact(body.message) : `HTTP ${res.status} without an error body`;
  return new ProviderError(`${call} failed: ${message}`, {
    provider: "huawei",
    call,
    httpStatus: res.status,
    code,
    requestId: requestIdOf(res, body),
    retryable,
    retryAfterMs,
    throttled: flowControl,
  });
}

/** The response is not what the API documents; `retryable` only for bodies that are not even JSON. */
export function malformedResponse(
  call: string,
  res: HttpResponse,
  detail: string,
  retryable = false,
): ProviderError {
  return new ProviderError(`malformed ${call} response: ${detail}`, {
    provider: "huawei",
    call,
    httpStatus: res.status,
    code: "MalformedResponse",
    requestId: requestIdOf(res),
    retryable,
  });
}

function readErrorBody(text: string): { code?: string; message?: string; request_id?: string } {
  // Not JSON (a proxy's HTML page, say) or not the documented shape: the status alone classifies it.
  const parsed = parseJson(text);
  const body = parsed && ErrorBodySchema.safeParse(parsed.value);
  if (!body?.success) return {};
  const { error_code, error_msg, error, request_id } = body.data;
  // The Node SDK reads a nested `error` object first, then the top-level fields.
  return { code: error?.code ?? error_code, message: error?.message ?? error_msg, request_id };
}

/** How a parser treats secrets: messages are blanked, `secret_key` values registered and dropped. */
export interface Boundary {
  redact: Redact;
  secrets: SecretRegistry;
}

/** Non-2xx → mapped error; 2xx → JSON validated against `schema`, or MalformedResponse. */
export function readBody<S extends z.ZodType>(
  call: string,
  res: HttpResponse,
  schema: S,
  boundary: Boundary,
): z.infer<S> {
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(call, res, boundary.redact);
  const malformed = (problem: string, notJson: boolean) =>
    malformedResponse(call, res, problem, notJson);
  const parsed = parseJson(res.body);
  // A body that is not even JSON (truncated, say) is worth another try.
  if (parsed === undefined) throw malformed("body is not valid JSON", true);
  // ListUser/ShowUser return each user's `secret_key`: registered (an echo of it later in the run
  // is blanked), then dropped before validation; the schemas do not name it either.
  takeSecretFields(parsed.value, /^secret_key$/i, boundary.secrets);
  return validateJson(schema, parsed.value, malformed);
}
