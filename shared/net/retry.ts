// Retries with exponential backoff and full jitter; a server-requested wait (Retry-After,
// x-acs-retry-after) replaces the computed delay. Only errors classified retryable are retried.

export interface RetryPolicy {
  /** Retries after the first attempt (so `retries: 4` means at most 5 attempts). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 200, maxDelayMs: 8_000 };

export interface RetryVerdict {
  retry: boolean;
  /** Wait requested by the server, in ms. */
  afterMs?: number;
}

export interface RetryOptions {
  policy: RetryPolicy;
  classify: (error: unknown) => RetryVerdict;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export async function withRetry<T>(
  run: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      const verdict = options.classify(error);
      if (!verdict.retry || attempt >= options.policy.retries || options.signal?.aborted) {
        throw error;
      }
      const computed = backoffDelay(options.policy, attempt, random);
      const delay =
        verdict.afterMs === undefined
          ? computed
          : Math.min(Math.max(verdict.afterMs, computed), MAX_SERVER_WAIT_MS);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, options.signal);
    }
  }
}

export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The longest wait a server may impose on one retry; a longer ask is cut to this. */
export const MAX_SERVER_WAIT_MS = 30_000;

/** Parses an HTTP `Retry-After` header (RFC 9110): delta seconds, or an HTTP date. Returns ms. */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value.trim());
  if (Number.isFinite(n) && n >= 0) return n * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Parses Alibaba's `x-acs-retry-after`, an integer number of **milliseconds**: the SDK core hands it
 * to its retry policy, which sleeps that many ms (capped at 120 s there, at 30 s here, so one hint
 * cannot stall a whole account's budget for an HTTP-triggered audit).
 */
export function parseRetryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Math.min(Number(value.trim()), MAX_SERVER_WAIT_MS);
}
