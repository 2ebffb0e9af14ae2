// Collection fan-out: every selected target goes to its provider's collector, a few at a time.
// Whatever happens inside a collector, each target comes back as data — ok or error — never lost.
import type { Logger } from "../log/logger.ts";
import { type CollectStats, targetKey } from "../model/snapshot.ts";
import {
  type BaselineTarget,
  providerOf,
  type Snapshot,
  type SnapshotTarget,
} from "../providers/index.ts";
import type { Collector, TargetCollection } from "../providers/types.ts";

/** The open collector for a target (by provider and credentials profile), if any. */
export type Collectors = (target: BaselineTarget) => Collector<BaselineTarget> | undefined;

export interface Collected {
  snapshot: Snapshot;
  stats: Map<string, CollectStats>;
}

export interface CollectAllOptions {
  concurrency: number;
  principals?: readonly string[];
  /** Keys of discovered targets: their instance-level settings only. */
  instanceOnly?: ReadonlySet<string>;
  logger: Logger;
  now: () => Date;
  /** Called as each target finishes (CLI progress lines). */
  onTarget?: (key: string, collection: TargetCollection, done: number, total: number) => void;
}

/**
 * Each cloud account (one collector) works through its own targets with `concurrency` lanes, and
 * the accounts run side by side: one slow or throttled account does not hold the others up.
 */
export async function collectTargets(
  targets: readonly BaselineTarget[],
  collectors: Collectors,
  options: CollectAllOptions,
): Promise<Collected> {
  const results: SnapshotTarget[] = new Array(targets.length);
  const stats = new Map<string, CollectStats>();
  let done = 0;
  const collectAt = async (i: number) => {
    const target = targets[i] as BaselineTarget;
    const collection = await collectOne(target, collectors, options);
    results[i] = collection.target;
    stats.set(targetKey(target), {
      apiCalls: collection.apiCalls,
      durationMs: collection.durationMs,
    });
    options.onTarget?.(targetKey(target), collection, ++done, targets.length);
  };
  await Promise.all(
    [...byCollector(targets, collectors).values()].map((indices) =>
      inLanes(indices, options.concurrency, collectAt),
    ),
  );
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt: options.now().toISOString(),
    targets: results,
  };
  return { snapshot, stats };
}

/** Target indices by the collector (cloud account) that reads them, in baseline order. */
function byCollector(targets: readonly BaselineTarget[], collectors: Collectors) {
  const groups = new Map<unknown, number[]>();
  targets.forEach((target, i) => {
    const key = collectors(target) ?? target.provider;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return groups;
}

async function inLanes(
  indices: readonly number[],
  concurrency: number,
  run: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let n = next++; n < indices.length; n = next++) await run(indices[n] as number);
  };
  const lanes = Math.max(1, Math.min(concurrency, indices.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}

async function collectOne(
  target: BaselineTarget,
  collectors: Collectors,
  options: CollectAllOptions,
): Promise<TargetCollection> {
  const logger = options.logger.child({ target: targetKey(target) });
  const started = performance.now();
  try {
    const collector = collectors(target);
    if (!collector) throw new Error(`no collector configured for provider ${target.provider}`);
    const instanceOnly = options.instanceOnly?.has(targetKey(target)) ?? false;
    const collection = await collector(target, {
      principals: options.principals,
      instanceOnly,
      logger,
    });
    logger.info("target collected", {
      status: collection.target.status,
      apiCalls: collection.apiCalls,
      durationMs: Math.round(collection.durationMs),
    });
    return collection;
  } catch (err) {
    // A collector should return error targets itself; anything it throws still fails closed.
    logger.error("collector failed unexpectedly", { error: err });
    const error = {
      code: "CollectorError",
      message: err instanceof Error ? err.message : String(err),
      httpStatus: null,
    };
    return {
      target: providerOf(target).errorTarget(target, error),
      apiCalls: 0,
      durationMs: performance.now() - started,
    };
  }
}
