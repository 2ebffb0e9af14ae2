// Reading a baseline file with the same deadline and retries as the report store: a baseline on a
// hung network mount must fail the run, not hold it forever.
import { readFile } from "node:fs/promises";
import { withDeadline } from "../net/deadline.ts";
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "../net/retry.ts";

export interface BaselineReadOptions {
  /** Deadline of each attempt (default 15 s, `RMQ_DRIFT_STORE_TIMEOUT_MS`). */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

// Worth another try; ENOENT, EACCES, EISDIR… will not heal within a run.
const TRANSIENT = new Set(["EBUSY", "EAGAIN", "EMFILE", "ENFILE", "EINTR", "ETIMEDOUT", "EIO"]);

export function readBaselineBytes(
  path: string,
  options: BaselineReadOptions = {},
): Promise<Buffer> {
  return withRetry(
    () =>
      withDeadline(options.timeoutMs ?? 15_000, `reading ${path}`, (signal) =>
        readFile(path, { signal }),
      ),
    {
      policy: options.retry ?? DEFAULT_RETRY,
      classify: (error) => ({ retry: TRANSIENT.has((error as { code?: string }).code ?? "") }),
    },
  );
}
