// Turns an HTTP response into data or a typed error. Success is a 2xx status AND `success === true`;
// gateway errors (PascalCase `Code`) and RocketMQ errors (camelCase `code`) both become
// `AlibabaApiError` with the call, HTTP status, code and request id. Raw bodies never go into an
// error: they may hold secrets (GetInstanceAccount returns a password).
import type { z } from "zod";
import { ProviderError, type ProviderErrorDetails } from "../../errors.ts";
import { parseRetryAfterMs } from "../../net/retry.ts";
import type { HttpResponse } from "../../net/transport.ts";
import { parseJson, validateJson } from "../json.ts";
import { createSecretRedactor, type Redact } from "../redact.ts";
import { type Envelope, EnvelopeSchema } from "./schemas.ts";

export type AlibabaEnvelopeKind = "gateway" | "service" | "http" | "malformed";

/** An Alibaba API call failed; `envelope` says which error shape the server used. */
export class AlibabaApiError extends ProviderError {
  override name = "AlibabaApiError";
  readonly envelope: AlibabaEnvelopeKind;
  constructor(
    message: string,
    details: Omit<ProviderErrorDetails, "provider">,
    envelope: AlibabaEnvelopeKind,
  ) {
    super(message, { provider: "alibaba", ...details });
    this.envelope = envelope;
  }
}

export const MALFORMED = "MalformedResponse";
const RETRYABLE_CODES = new Set([
  "InternalError",
  "ServiceUnavailable",
  "ServiceUnavailableTemporary",
]);

/** Header text a gateway may echo whose value is a credential, whatever value it holds. */
const SECRET_HEADERS = ["x-acs-security-token"];

/**
 * Blanks this client's AccessKey secret and STS token out of server messages, and any echoed
 * `x-acs-security-token:` value. The AccessKey ID is not a secret and stays: it says which key failed.
 */
export function createAlibabaRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  return createSecretRedactor(secrets, SECRET_HEADERS);
}

const headerOnly = createAlibabaRedactor([]);

export interface ReadOptions {
  /** Scrubs credentials from server messages; without it only echoed token headers are blanked. */
  redact?: Redact;
  /** Removes secret fields from `data` in place, before validation can echo them anywhere. */
  scrub?: (data: unknown) => void;
  /** A semantic check on validated data; a returned problem makes the response malformed. */
  check?: (data: never) => string | undefined;
}

export function readResponse<S extends z.ZodType>(
  call: string,
  res: HttpResponse,
  schema: S,
  options: ReadOptions = {},
): z.output<S> {
  const ok = res.status >= 200 && res.status < 300;
  const headerRequestId = res.headers["x-acs-request-id"] ?? null;
  const env = parseEnvelope(res.body);
  if (!env) {
    if (ok) throw malformed(call, res.status, headerRequestId, "body is not a JSON object");
    throw errorFor(call, res, "http", `HTTP${res.status}`, "non-JSON error body", headerRequestId);
  }
  const redact = options.redact ?? headerOnly;
  if (env.Code !== undefined) {
    const requestId = env.RequestId ?? env.requestId ?? headerRequestId;
    throw errorFor(call, res, "gateway", env.Code, redactMessage(env.Message, redact), requestId);
  }
  const requestId = env.requestId ?? headerRequestId;
  if (ok && env.success === true)
    return validateData(call, res.status, requestId, env, schema, options);
  if (env.success === undefined && ok) {
    throw malformed(call, res.status, requestId, "success: missing");
  }
  const code = env.code ?? (ok ? "UnknownError" : `HTTP${res.status}`);
  throw errorFor(call, res, "service", code, redactMessage(env.message, redact), requestId);
}

/** Redaction comes first: `tidy` truncates, and a cut secret would no longer match. */
function redactMessage(message: string | null | undefined, redact: Redact): string | undefined {
  return message == null ? undefined : redact(message);
}

function parseEnvelope(body: string): Envelope | undefined {
  const parsed = parseJson(body);
  const env = parsed && EnvelopeSchema.safeParse(parsed.value);
  return env?.success ? env.data : undefined;
}

function validateData<S extends z.ZodType>(
  call: string,
  status: number,
  requestId: string | null,
  env: Envelope,
  schema: S,
  options: ReadOptions,
): z.output<S> {
  options.scrub?.(env.data);
  const fail = (problem: string) => malformed(call, status, requestId, problem);
  const data = validateJson(schema, env.data, fail, ["data"]);
  const problem = options.check?.(data as never);
  if (problem) throw fail(problem);
  return data;
}

/** A response we cannot trust. Not retried: the same server answers the same way again. */
export function malformed(
  call: string,
  httpStatus: number | null,
  requestId: string | null,
  what: string,
): AlibabaApiError {
  return new AlibabaApiError(
    `${call} returned a malformed response: ${what}`,
    { call, httpStatus, code: MALFORMED, requestId, retryable: false },
    "malformed",
  );
}

function errorFor(
  call: string,
  res: HttpResponse,
  envelope: AlibabaEnvelopeKind,
  code: string,
  serverMessage: string | undefined,
  requestId: string | null,
): AlibabaApiError {
  const throttled = code.includes("Throttling") || res.status === 429;
  const retryable = throttled || res.status >= 500 || RETRYABLE_CODES.has(code);
  const retryAfterMs = parseRetryAfterMs(res.headers["x-acs-retry-after"]);
  const text = tidy(serverMessage ?? "no message");
  return new AlibabaApiError(
    `${call} failed: ${text}`,
    {
      call,
      httpStatus: res.status,
      code,
      requestId,
      retryable,
      ...(throttled ? { throttled } : {}),
      ...(retryAfterMs !== undefined && retryable ? { retryAfterMs } : {}),
    },
    envelope,
  );
}

/** One line, bounded: gateway messages can carry a whole string-to-sign. Input is redacted. */
function tidy(message: string): string {
  const line = message.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
