// What both stores share: key hygiene, a deadline on every attempt, and "retry, then fail loudly with
// a typed error".
import { StoreError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import { withDeadline } from "../net/deadline.ts";
import { DEFAULT_RETRY, type RetryVerdict, withRetry } from "../net/retry.ts";
import type { StoreOptions } from "./store.ts";

// Keys come from our own layout, but a run id can arrive from an HTTP path and a baseline key from the
// environment: refusing anything that could climb out of the prefix (`..`, absolute paths, empty
// segments, backslashes, control characters) here means no caller has to get that right.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
const UNSAFE_CHAR = /[\\\u0000-\u001f\u007f]/;

export function isSafeKey(key: string): boolean {
  if (key === "" || UNSAFE_CHAR.test(key)) return false;
  return key.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

export function checkKey(key: string): string {
  if (!isSafeKey(key)) {
    throw new StoreError(`invalid store key ${JSON.stringify(key)}: expected a relative path`);
  }
  return key;
}

export interface StoreOp {
  /** Store location, for the message. */
  location: string;
  op: "write" | "read" | "list" | "delete";
  key: string;
  classify: (error: unknown) => RetryVerdict;
  /** One line on the cause, without credentials. */
  describe: (error: unknown) => string;
}

/** Per attempt, unless `StoreOptions.timeoutMs` says otherwise (`RMQ_DRIFT_STORE_TIMEOUT_MS`). */
export const DEFAULT_STORE_TIMEOUT_MS = 15_000;

/**
 * Runs `fn` under the store's retry policy, each attempt within the store's deadline (a silent store
 * is a timed-out attempt, retried like any transient failure); the last failure becomes a
 * `StoreError`. `fn` gets the attempt's signal, aborted at its deadline.
 */
export async function retryStoreOp<T>(
  spec: StoreOp,
  options: StoreOptions,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  checkKey(spec.key);
  const logger: Logger = options.logger ?? silentLogger;
  const policy = options.retry ?? DEFAULT_RETRY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  let attempts = 0;
  try {
    return await withRetry(
      () => {
        attempts++;
        return withDeadline(timeoutMs, `store ${spec.op} of ${spec.key}`, fn);
      },
      {
        policy,
        classify: spec.classify,
        sleep: options.sleep,
        onRetry: (error, attempt, delayMs) =>
          logger.warn(`retrying store ${spec.op}`, {
            store: spec.location,
            key: spec.key,
            attempt,
            delayMs,
            cause: spec.describe(error),
          }),
      },
    );
  } catch (error) {
    const cause = spec.describe(error);
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    throw new StoreError(
      `could not ${spec.op} ${spec.key} in ${spec.location} after ${tries}: ${cause}`,
      { cause: error },
    );
  }
}
