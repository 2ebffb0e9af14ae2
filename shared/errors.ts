// One small error hierarchy. User-input errors and execution errors are different branches, so the
// CLI and HTTP layers can map them (exit 1 with the message / 400) without string matching.

/** Base of every error rmq-drift throws on purpose. */
export class RmqDriftError extends Error {
  override name = "RmqDriftError";
}

/** Something the user gave us is wrong: a baseline, a snapshot, a flag, an environment variable. */
export class InputError extends RmqDriftError {
  override name = "InputError";
}

/**
 * The request itself is wrong — a flag, an HTTP body, a run id in a URL, a target glob matching
 * nothing. Only these become HTTP 400: a broken baseline or environment is the service's fault.
 */
export class RequestError extends InputError {
  override name = "RequestError";
}

/** One problem in an input file, positioned where possible. */
export interface InputIssue {
  /** File path (or other source label). */
  file: string;
  line?: number;
  column?: number;
  /** Dotted/indexed path inside the document, e.g. `targets[0].accounts.app-orders.acls[1].resource`. */
  path: string;
  message: string;
}

export function formatIssue(issue: InputIssue): string {
  const pos =
    issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${pos}  ${issue.path || "(root)"}  ${issue.message}`;
}

/** An input document failed validation; carries every problem found, not just the first. */
export class ValidationError extends InputError {
  override name = "ValidationError";
  readonly issues: readonly InputIssue[];
  constructor(what: string, issues: readonly InputIssue[]) {
    super(`${what}: ${issues.length} problem(s)\n${issues.map(formatIssue).join("\n")}`);
    this.issues = issues;
  }
}

/** An address, CIDR or whitelist pattern that does not parse; the message names the bad token. */
export class IpSyntaxError extends InputError {
  override name = "IpSyntaxError";
  /** The offending piece of input, verbatim. */
  readonly token: string;
  constructor(message: string, token: string) {
    super(message);
    this.token = token;
  }
}

/** A missing or malformed environment variable. */
export class ConfigError extends InputError {
  override name = "ConfigError";
}

/** `who, what, HTTP 403, Code, request id …`: the context a failed remote call's message ends with. */
function callContext(
  who: string,
  what: string,
  answer: { httpStatus: number | null; code: string; requestId: string | null },
): string {
  return [
    who,
    what,
    answer.httpStatus === null ? "no response" : `HTTP ${answer.httpStatus}`,
    answer.code,
    answer.requestId ? `request id ${answer.requestId}` : "no request id",
  ].join(", ");
}

/** The program failed while doing its job (network, cloud API, storage). */
export class ExecutionError extends RmqDriftError {
  override name = "ExecutionError";
}

export interface ProviderErrorDetails {
  /** Provider id, as the registry names it. */
  provider: string;
  /** API operation, e.g. `ListInstanceAcl`. */
  call: string;
  httpStatus: number | null;
  /** Provider error code, or a local code such as `Timeout`, `NetworkError`, `MalformedResponse`. */
  code: string;
  requestId: string | null;
  /** Target key when known. */
  target?: string;
  /** Whether a retry may succeed (throttling, 5xx, timeouts, connection errors). */
  retryable: boolean;
  /** Server-requested wait before a retry, in ms. */
  retryAfterMs?: number;
  /** Flow control: the whole request budget of this account slows down, not only this call. */
  throttled?: boolean;
}

/** A cloud API call failed. The message never contains secrets or raw response bodies. */
export class ProviderError extends ExecutionError {
  override name = "ProviderError";
  readonly details: ProviderErrorDetails;
  /** The message without the context suffix, for places that show the context separately. */
  reason: string;
  constructor(message: string, details: ProviderErrorDetails, options?: { cause?: unknown }) {
    super(`${message} (${callContext(details.provider, details.call, details)})`, options);
    this.reason = message;
    this.details = details;
  }

  /** Blanks secrets out of every server-supplied string: message, code, request id (and stack). */
  redactWith(redact: (text: string) => string): this {
    // The stack was rendered with the first message and is logged for internal errors.
    if (typeof this.stack === "string") this.stack = redact(this.stack);
    this.message = redact(this.message);
    this.reason = redact(this.reason);
    this.details.code = redact(this.details.code);
    if (this.details.requestId !== null) this.details.requestId = redact(this.details.requestId);
    return this;
  }
}

/** Writing or reading a report store failed after retries. */
export class StoreError extends ExecutionError {
  override name = "StoreError";
}

/** Another full audit holds the prefix's lease (`lease.json`): this one waited, or may not wait. */
export class LeaseHeldError extends ExecutionError {
  override name = "LeaseHeldError";
  /** The running audit. */
  readonly runId: string;
  readonly holder: string;
  readonly expiresAt: string;
  constructor(message: string, lease: { runId: string; holder: string; expiresAt: string }) {
    super(message);
    this.runId = lease.runId;
    this.holder = lease.holder;
    this.expiresAt = lease.expiresAt;
  }
}

export interface InvokeErrorDetails {
  /** `fc2`, `fc3`, `lambda` or `local`. */
  platform: string;
  functionName: string;
  httpStatus: number | null;
  /** Platform error code, or a local code such as `Timeout`, `NetworkError`. */
  code: string;
  requestId: string | null;
}

/** Starting a fan-out worker failed. The message never contains credentials. */
export class InvokeError extends ExecutionError {
  override name = "InvokeError";
  readonly details: InvokeErrorDetails;
  constructor(message: string, details: InvokeErrorDetails, options?: { cause?: unknown }) {
    super(`${message} (${callContext(details.platform, details.functionName, details)})`, options);
    this.details = details;
  }
}
