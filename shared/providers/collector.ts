// The part of a collector every provider shares: timing, call counting, the abort of calls still in
// flight once a target is done, logging, and the mapping of a failure to the target's error entry.
// A provider supplies only how to read one target and how its error entry looks.
import { InputError, ProviderError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import type { TargetError } from "../model/snapshot.ts";
import type { TargetCollection } from "./types.ts";

/** What a provider's read of one target gets: where to count requests, when to stop, where to log. */
export interface TargetRead {
  /** Target key, for errors and logs. */
  key: string;
  signal: AbortSignal;
  /** Called once per HTTP request sent, retries included. */
  onRequest(): void;
  logger: Logger;
}

export interface CollectTargetOptions {
  key: string;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
}

export async function collectTarget<S extends { status: "ok" | "error" }>(
  options: CollectTargetOptions,
  read: (run: TargetRead) => Promise<S>,
  failed: (error: TargetError) => S,
): Promise<TargetCollection<S>> {
  const started = performance.now();
  let apiCalls = 0;
  const logger = (options.logger ?? silentLogger).child({ target: options.key });
  // Once the target has failed (or finished), calls still in flight for it are abandoned
  // instead of spending the account's budget on an answer nobody will read.
  const done = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, done.signal]) : done.signal;
  let target: S;
  try {
    target = await read({ key: options.key, signal, onRequest: () => void apiCalls++, logger });
  } catch (err) {
    const error = describeFailure(err);
    logger.error("target could not be read", { ...error });
    target = failed(error);
  } finally {
    done.abort();
  }
  const durationMs = Math.round(performance.now() - started);
  logger.debug("target collected", { status: target.status, apiCalls, durationMs });
  return { target, apiCalls, durationMs };
}

/** The error entry of a failed target: a provider error keeps its call and request id. */
export function describeFailure(err: unknown): TargetError {
  if (err instanceof ProviderError) {
    const d = err.details;
    return {
      code: d.code,
      message: err.reason,
      httpStatus: d.httpStatus,
      call: d.call,
      requestId: d.requestId,
    };
  }
  const code = err instanceof InputError ? "InvalidTarget" : "InternalError";
  const message = err instanceof Error ? err.message : String(err);
  return { code, message, httpStatus: null, call: null, requestId: null };
}
