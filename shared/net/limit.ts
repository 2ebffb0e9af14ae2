// Request budgets: a rate limit per cloud account (QPS, with a small burst) and a concurrency cap.
// When a server throttles us, `pause` holds every caller sharing the budget, not only the one that
// was refused.
import { sleepMs } from "./retry.ts";

export interface RequestBudget {
  /** Waits until a request may be sent, then holds a concurrency slot until `release` is called. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Lets no request go for `ms` (e.g. after a throttling response). */
  pause(ms: number): void;
}

export interface BudgetOptions {
  qps: number;
  concurrency: number;
  /**
   * Requests that may go back to back (default: one second's worth, `floor(qps)`). No window of
   * `burst / qps` seconds ever holds more than `burst` requests, so with the default no one-second
   * window exceeds the QPS — the way flow control counts — while idle time still lets a handful
   * of pages go out at once.
   */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createRequestBudget(options: BudgetOptions): RequestBudget {
  if (!(options.qps > 0)) throw new RangeError(`qps must be > 0, got ${options.qps}`);
  if (!(options.concurrency >= 1)) throw new RangeError("concurrency must be >= 1");
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? sleepMs;
  const burst = Math.max(1, Math.floor(options.burst ?? options.qps));
  const windowMs = (burst / options.qps) * 1000;
  // Send times of the last `burst` requests: a sliding window, not a refilling bucket, so the
  // guarantee holds for every window, not only on average.
  const sent: number[] = [];
  let pausedUntil = 0;
  let active = 0;
  const slotWaiters: Array<() => void> = [];
  let queue: Promise<void> = Promise.resolve();

  const takeToken = async (signal?: AbortSignal) => {
    for (;;) {
      const t = now();
      if (t < pausedUntil) {
        await sleep(pausedUntil - t, signal);
        continue;
      }
      const oldest = sent.length < burst ? undefined : (sent[0] as number);
      if (oldest === undefined || t - oldest >= windowMs) {
        if (oldest !== undefined) sent.shift();
        sent.push(t);
        return;
      }
      await sleep(oldest + windowMs - t, signal);
    }
  };

  const takeSlot = async () => {
    if (active < options.concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => slotWaiters.push(resolve));
  };

  const release = () => {
    const next = slotWaiters.shift();
    if (next) next();
    else active--;
  };

  return {
    async acquire(signal) {
      await takeSlot();
      // Tokens are handed out in arrival order so no caller starves.
      const mine = queue.then(() => takeToken(signal));
      queue = mine.catch(() => undefined);
      try {
        await mine;
      } catch (err) {
        release();
        throw err;
      }
      let released = false;
      return () => {
        if (!released) {
          released = true;
          release();
        }
      };
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

/** Budgets by cloud account, for the whole process: every run against one account shares one. */
const SHARED = new Map<string, RequestBudget>();

/**
 * The process-wide budget of the account `key` names. The first caller's rates are the account's;
 * concurrent audits then queue on the same tokens instead of multiplying the request rate.
 */
export function sharedRequestBudget(key: string, options: BudgetOptions): RequestBudget {
  const id = `${key}|${options.qps}|${options.concurrency}|${options.burst ?? ""}`;
  let budget = SHARED.get(id);
  if (!budget) {
    budget = createRequestBudget(options);
    SHARED.set(id, budget);
  }
  return budget;
}
