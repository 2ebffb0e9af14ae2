// Errors become HTTP responses here and nowhere else. A status below 500 is the caller's fault and its
// message is shown; anything else is a generic 500 carrying only the request id, while the details go
// to the log under that id.
import { LeaseHeldError, RequestError, RmqDriftError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { jsonResponse } from "./response.ts";
import type { NormalizedResponse } from "./types.ts";

/** One problem with a request body, addressed by a dotted/indexed path (`targets[2]`). */
export interface HttpIssue {
  path: string;
  message: string;
}

/** A request the router refuses on purpose (401, 404, 405, 413, 400). */
export class HttpError extends RmqDriftError {
  override name = "HttpError";
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly issues: readonly HttpIssue[] | undefined;
  constructor(
    status: number,
    message: string,
    extra: { headers?: Record<string, string>; issues?: readonly HttpIssue[] } = {},
  ) {
    super(message);
    this.status = status;
    this.headers = extra.headers ?? {};
    this.issues = extra.issues;
  }
}

export function toErrorResponse(
  error: unknown,
  requestId: string,
  logger: Logger,
): NormalizedResponse {
  if (error instanceof HttpError && error.status < 500) {
    const body = error.issues
      ? { error: error.message, issues: error.issues }
      : { error: error.message };
    return jsonResponse(error.status, body, requestId, error.headers);
  }
  // Only the request's own mistakes are the caller's: a broken baseline, snapshot or environment
  // (other InputErrors) is the service's fault, and its details (paths, structure) stay in the log.
  if (error instanceof RequestError) {
    return jsonResponse(400, { error: error.message }, requestId);
  }
  if (error instanceof LeaseHeldError) return conflictResponse(error, requestId);
  return internalErrorResponse(error, requestId, logger);
}

/** Another full audit is running: who, and when to try again (its lease's expiry at the latest). */
function conflictResponse(error: LeaseHeldError, requestId: string): NormalizedResponse {
  const seconds = Math.ceil((Date.parse(error.expiresAt) - Date.now()) / 1000);
  const body = {
    error: "a full audit is already running on this report store",
    runId: error.runId,
    expiresAt: error.expiresAt,
  };
  return jsonResponse(409, body, requestId, { "retry-after": String(Math.max(1, seconds)) });
}

/** The only 500: no message, no stack, no error name; the log line under the same id has them. */
export function internalErrorResponse(
  error: unknown,
  requestId: string,
  logger: Logger,
): NormalizedResponse {
  const stack = error instanceof Error ? error.stack : undefined;
  logger.error("request failed", { requestId, error: asError(error), stack });
  return jsonResponse(500, { error: "internal error", requestId }, requestId);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
