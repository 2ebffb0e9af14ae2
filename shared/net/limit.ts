// Request budgets: a token bucket per cloud account (QPS) and a concurrency cap. When a server
// throttles us, `pause` holds every caller sharing the budget, not only the one that was refused.
import { sleepMs } from "./retry.ts";

export interface RequestBudget {
  /** Waits until a request may be sent, then holds a concurrency slot until `release` is called. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Stops handing out tokens for `ms` (e.g. after a throttling response). */
  pause(ms: number): void;
}

export interface BudgetOptions {
  qps: number;
  concurrency: number;
  /** Tokens that may accumulate while idle. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createRequestBudget(options: BudgetOptions): RequestBudget {
  if (!(options.qps > 0)) throw new RangeError(`qps must be > 0, got ${options.qps}`);
  if (!(options.concurrency >= 1)) throw new RangeError("concurrency must be >= 1");
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? sleepMs;
  const burst = options.burst ?? Math.max(1, Math.ceil(options.qps));
  const interval = 1000 / options.qps;
  let tokens = burst;
  let refilledAt = now();
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
      tokens = Math.min(burst, tokens + (t - refilledAt) / interval);
      refilledAt = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep((1 - tokens) * interval, signal);
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
