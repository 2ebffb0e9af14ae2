// The one-audit-at-a-time lease of DESIGN.md §7: `{prefix}/lease.json` = `{ runId, holder, expiresAt }`,
// taken by compare-and-swap (a create-if-absent, or a swap over an expired lease), renewed while the
// audit runs, and released by writing it already expired — so releasing needs no delete permission,
// and a crashed holder's lease simply runs out.
//
// How strong "one at a time" is follows the store's compare-and-swap (see `s3-swap.ts`): real on AWS
// S3 and on a folder. On a store that ignores conditional writes, two takers can both see their own
// write; the taker therefore re-reads after a short settle delay and holds the lease only if it is
// still its own, which leaves only writers slower than that delay able to overlap.
import { hostname } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { LeaseHeldError, StoreError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import { CONTENT_TYPES } from "./layout.ts";
import type { ReportStore } from "./store.ts";

export const LEASE_KEY = "lease.json";

export interface Lease {
  runId: string;
  holder: string;
  expiresAt: string;
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal; default 60 s (renewed every third of it). */
  ttlMs?: number;
  /** Wait before confirming a taken lease is still ours; default 250 ms. */
  settleMs?: number;
  /** An expiry further ahead than `ttlMs + skewMs` counts as expired; default 10 s. */
  skewMs?: number;
  /** Between looks while waiting for another audit; default 2 s. */
  pollMs?: number;
  logger?: Logger;
  now?: () => number;
}

export interface HeldLease {
  readonly lease: Lease;
  /** Stops renewing and writes the lease expired, if it is still ours. Never throws. */
  release(): Promise<void>;
}

type Attempt = { held: true } | { held: false; current: Lease };

/**
 * Takes the lease for `runId`. Held by another audit: waits up to `waitMs` (0: do not wait) for it to
 * be released or to expire, then throws `LeaseHeldError` naming the running audit.
 */
export async function takeLease(
  store: ReportStore,
  runId: string,
  waitMs: number,
  options: LeaseOptions = {},
): Promise<HeldLease> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const giveUpAt = now() + waitMs;
  let warned = false;
  for (;;) {
    const attempt = await tryTake(store, runId, options);
    if (attempt.held) return hold(store, ownLease(runId, now, options), options);
    const { current } = attempt;
    if (now() >= giveUpAt) throw heldError(current, waitMs);
    if (!warned) {
      warned = true;
      logger.warn("another full audit holds the lease; waiting for it", { ...current, waitMs });
    }
    const untilExpiry = Date.parse(current.expiresAt) - now();
    const pause = Math.min(options.pollMs ?? 2_000, Math.max(untilExpiry, 10), giveUpAt - now());
    await delay(Math.max(pause, 1) * (0.8 + Math.random() * 0.4));
  }
}

// Each lost swap means another taker just wrote; running out means the lease is rewritten
// continuously, which is worth failing loudly over.
const MAX_SWAP_ATTEMPTS = 8;

async function tryTake(store: ReportStore, runId: string, options: LeaseOptions): Promise<Attempt> {
  const now = options.now ?? Date.now;
  for (let attempt = 1; attempt <= MAX_SWAP_ATTEMPTS; attempt++) {
    const got = await store.getWithVersion(LEASE_KEY);
    const current = got === null ? null : parseLease(got.body);
    // Our own lease (a write that timed out but landed) is ours to keep.
    if (current !== null && current.runId !== runId && isLive(current, now(), options)) {
      return { held: false, current };
    }
    const body = serialize(ownLease(runId, now, options));
    if (!(await store.putIfVersion(LEASE_KEY, body, CONTENT_TYPES.json, got?.version ?? null))) {
      continue;
    }
    await delay(options.settleMs ?? 250);
    const after = await store.get(LEASE_KEY);
    const winner = after === null ? null : parseLease(after);
    if (winner?.runId === runId) return { held: true };
    if (winner !== null && isLive(winner, now(), options)) return { held: false, current: winner };
  }
  throw new StoreError(
    `could not take ${LEASE_KEY} in ${store.location}: it changed under every one of ${MAX_SWAP_ATTEMPTS} attempts`,
  );
}

function hold(store: ReportStore, lease: Lease, options: LeaseOptions): HeldLease {
  const logger = options.logger ?? silentLogger;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  let renewing: Promise<boolean> = Promise.resolve(true);
  // Unref'd: a renewal timer must never be what keeps a finished process (or a function) alive.
  const timer = setInterval(() => {
    renewing = rewriteOwn(store, lease, new Date(now() + ttlMs)).then(
      (ours) => {
        if (ours) return true;
        logger.error("lost the audit lease; another full audit may run alongside", {
          ...lease,
        });
        clearInterval(timer);
        return false;
      },
      (error: unknown) => {
        logger.warn("renewing the audit lease failed; retrying at the next renewal", { error });
        return true;
      },
    );
  }, ttlMs / 3);
  timer.unref();
  return {
    lease,
    release: async () => {
      clearInterval(timer);
      // A renewal still in flight would otherwise win the swap and extend a released lease.
      if (!(await renewing)) return;
      try {
        await rewriteOwn(store, lease, new Date(now()));
      } catch (error) {
        logger.warn("releasing the audit lease failed; it expires by itself", { error });
      }
    },
  };
}

/** Rewrites the lease with a new expiry if it is still ours; false when it is not. */
async function rewriteOwn(store: ReportStore, lease: Lease, expiresAt: Date): Promise<boolean> {
  const got = await store.getWithVersion(LEASE_KEY);
  const current = got === null ? null : parseLease(got.body);
  if (current?.runId !== lease.runId) return false;
  const body = serialize({ ...lease, expiresAt: expiresAt.toISOString() });
  return store.putIfVersion(LEASE_KEY, body, CONTENT_TYPES.json, got?.version ?? null);
}

function ownLease(runId: string, now: () => number, options: LeaseOptions): Lease {
  const expiresAt = new Date(now() + (options.ttlMs ?? 60_000)).toISOString();
  return { runId, holder: `${hostname()} pid ${process.pid}`, expiresAt };
}

/** Unexpired, and not dated further ahead than any holder could have set it. */
function isLive(lease: Lease, now: number, options: LeaseOptions): boolean {
  const expiresAt = Date.parse(lease.expiresAt);
  const horizon = now + (options.ttlMs ?? 60_000) + (options.skewMs ?? 10_000);
  return Number.isFinite(expiresAt) && expiresAt > now && expiresAt <= horizon;
}

// A lease that cannot be read names no live holder: it is taken over (by swapping exactly it).
function parseLease(text: string): Lease | null {
  try {
    const v = JSON.parse(text) as Partial<Lease> | null;
    const ok = [v?.runId, v?.holder, v?.expiresAt].every((f) => typeof f === "string");
    return ok ? (v as Lease) : null;
  } catch {
    return null;
  }
}

function serialize(lease: Lease): string {
  return `${JSON.stringify(lease, null, 2)}\n`;
}

function heldError(current: Lease, waitMs: number): LeaseHeldError {
  const waited = waitMs > 0 ? `; waited ${Math.round(waitMs / 1000)} s` : "";
  return new LeaseHeldError(
    `a full audit is already running on this report store: run ${current.runId} (${current.holder}), lease until ${current.expiresAt}${waited}`,
    current,
  );
}
