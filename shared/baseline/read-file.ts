// Reading a baseline file with the same deadline and retries as the report store: a baseline on a
// hung network mount must fail the run, not hold it forever.
import { readFile, stat } from "node:fs/promises";
import { withDeadline } from "../net/deadline.ts";
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "../net/retry.ts";

export interface BaselineReadOptions {
  /** Deadline of each attempt (default 15 s, `RMQ_DRIFT_STORE_TIMEOUT_MS`). */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

// Worth another try; ENOENT, EACCES, EISDIR… will not heal within a run.
const TRANSIENT = new Set(["EBUSY", "EAGAIN", "EMFILE", "ENFILE", "EINTR", "ETIMEDOUT", "EIO"]);

/** The file's size in bytes (checked against the limit before anything is read). */
export async function baselineSize(path: string, options: BaselineReadOptions = {}) {
  return (await bounded(`looking up ${path}`, options, () => stat(path))).size;
}

export function readBaselineBytes(
  path: string,
  options: BaselineReadOptions = {},
): Promise<Buffer> {
  return bounded(`reading ${path}`, options, (signal) => readFile(path, { signal }));
}

function bounded<T>(
  what: string,
  options: BaselineReadOptions,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return withRetry(() => withDeadline(options.timeoutMs ?? 15_000, what, fn), {
    policy: options.retry ?? DEFAULT_RETRY,
    classify: (error) => ({ retry: TRANSIENT.has((error as { code?: string }).code ?? "") }),
  });
}
