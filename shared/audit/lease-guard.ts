// Which runs take the one-audit-at-a-time lease, and what happens when it cannot be had. A full audit
// that stores and alerts takes it; targeted and dry runs do not (they never move `latest.json` nor
// decide what is new for everyone), and share the account's request budget instead.
import { LeaseHeldError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { type HeldLease, type LeaseOptions, takeLease } from "../sinks/lease.ts";
import type { ReportStore } from "../sinks/store.ts";
import type { AuditRequest } from "./types.ts";

export interface LeaseSettings {
  /** How long a full audit waits for a running one; 0 refuses at once (HTTP answers 409). */
  waitMs: number;
  options?: LeaseOptions;
}

export interface RunLease {
  lease: HeldLease | null;
  /** The store failed while taking the lease: it is this run's history error too. */
  storeError: unknown;
}

export function isTargeted(request: AuditRequest): boolean {
  return (request.targets?.length ?? 0) > 0 || (request.principals?.length ?? 0) > 0;
}

/**
 * A `LeaseHeldError` (another full audit runs, and waiting is over or not allowed) propagates. A store
 * that cannot be reached does not stop the audit here: its alert should still go out, and the run
 * then fails on that same store error instead of storing anything.
 */
export async function leaseFor(
  request: AuditRequest,
  runId: string,
  store: ReportStore,
  settings: LeaseSettings,
  log: Logger,
): Promise<RunLease> {
  if (request.dryRun || isTargeted(request)) return { lease: null, storeError: null };
  try {
    const lease = await takeLease(store, runId, settings.waitMs, {
      ...settings.options,
      logger: log,
    });
    return { lease, storeError: null };
  } catch (error) {
    if (error instanceof LeaseHeldError) throw error;
    log.error("could not take the audit lease; running without it", { error });
    return { lease: null, storeError: error };
  }
}
