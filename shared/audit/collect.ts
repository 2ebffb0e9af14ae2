// Collection fan-out: every selected target goes to its provider's collector, a few at a time per
// request budget. Whatever happens inside a collector, each target comes back as data — ok or
// error — never lost.
import type { Logger } from "../log/logger.ts";
import { type CollectStats, targetKey } from "../model/snapshot.ts";
import {
  type BaselineTarget,
  providerOf,
  type Snapshot,
  type SnapshotTarget,
} from "../providers/index.ts";
import type { SecretRegistry } from "../providers/redact.ts";
import type { Collector, TargetCollection } from "../providers/types.ts";

/** The first read of a run, or the re-read that confirms new drift. */
export type CollectPass = "collect" | "confirm";

/** The open collector for a target (by provider and credentials profile), if any. */
export type Collectors = (target: BaselineTarget) => Collector<BaselineTarget> | undefined;

export interface Collected {
  snapshot: Snapshot;
  stats: Map<string, CollectStats>;
}

/**
 * Principal globs read with point reads: the same for every target (`--principal`), or per target
 * (the confirmation re-read), where `undefined` lists that target in full.
 */
export type PrincipalSelection =
  | readonly string[]
  | ((target: BaselineTarget) => readonly string[] | undefined);

/**
 * The live collection seam of a run: reads `targets` (discovering first when `secrets` carries
 * discover entries), or re-reads them for confirmation when handed the run's `listed` snapshot.
 * `instanceOnly` keys are discovered instances: their instance-level settings only.
 */
export type CollectFn = (
  targets: readonly BaselineTarget[],
  principals: PrincipalSelection | undefined,
  logger: Logger,
  secrets: SecretRegistry,
  listed?: Snapshot,
  instanceOnly?: ReadonlySet<string>,
) => Promise<Collected>;

export interface CollectAllOptions {
  /** Targets collected at once within one budget domain. */
  concurrency: number;
  principals?: PrincipalSelection;
  /** The run's listing, for a principal re-read of its targets (see `CollectOptions.listed`). */
  listed?: Snapshot;
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
  const collect = async (i: number) => {
    const target = targets[i] as BaselineTarget;
    const collection = await collectOne(target, collectors, options);
    results[i] = collection.target;
    stats.set(targetKey(target), {
      apiCalls: collection.apiCalls,
      durationMs: collection.durationMs,
    });
    options.onTarget?.(targetKey(target), collection, ++done, targets.length);
  };
  // Each cloud account (one collector) gets its own lanes: its targets never wait for another's.
  await Promise.all(
    [...byCollector(targets, collectors).values()].map((indexes) =>
      runLanes(indexes, options.concurrency, collect),
    ),
  );
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt: options.now().toISOString(),
    targets: results,
  };
  return { snapshot, stats };
}

/** Targets (by index) per cloud account: each collector reads with one account's budget. */
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

/** Works through `items` with at most `lanes` of them in progress at once. */
export async function runLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    for (let k = next++; k < items.length; k = next++) await work(items[k] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

async function collectOne(
  target: BaselineTarget,
  collectors: Collectors,
  options: CollectAllOptions,
): Promise<TargetCollection> {
  const logger = options.logger.child({ target: targetKey(target) });
  const started = performance.now();
  const principals =
    typeof options.principals === "function" ? options.principals(target) : options.principals;
  const listed = options.listed?.targets.find((t) => targetKey(t) === targetKey(target));
  try {
    const collector = collectors(target);
    if (!collector) throw new Error(`no collector configured for provider ${target.provider}`);
    const instanceOnly = options.instanceOnly?.has(targetKey(target)) ?? false;
    const collection = await collector(target, { principals, listed, instanceOnly, logger });
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
