// Collection fan-out: every selected target goes to its provider's collector, a few at a time per
// request budget. Whatever happens inside a collector, each target comes back as data — ok or
// error — never lost.
import type { AlibabaTarget, BaselineTarget, HuaweiTarget } from "../baseline/schema.ts";
import type { Logger } from "../log/logger.ts";
import { type Snapshot, type SnapshotTarget, targetKey } from "../model/snapshot.ts";
import type { Collector, TargetCollection } from "../providers/types.ts";

export interface Collectors {
  alibaba?: Collector<AlibabaTarget>;
  huawei?: Collector<HuaweiTarget>;
}

export interface CollectStats {
  apiCalls: number;
  durationMs: number;
}

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

export interface CollectAllOptions {
  /** Targets collected at once within one budget domain. */
  concurrency: number;
  principals?: PrincipalSelection;
  /** The run's listing, for a principal re-read of its targets (see `CollectOptions.listed`). */
  listed?: Snapshot;
  logger: Logger;
  now: () => Date;
  /** Called as each target finishes (CLI progress lines). */
  onTarget?: (key: string, collection: TargetCollection, done: number, total: number) => void;
}

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
  // Each budget domain gets its own lanes: targets of one cloud account never wait for another's.
  await Promise.all(
    [...byBudgetDomain(targets).values()].map((indexes) =>
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

/**
 * Targets (by index) per request budget. A budget belongs to one cloud account of one provider,
 * and every provider's collector reads with one account, so the domain is the provider.
 */
function byBudgetDomain(targets: readonly BaselineTarget[]): Map<string, number[]> {
  const domains = new Map<string, number[]>();
  targets.forEach((t, i) => {
    const list = domains.get(t.provider) ?? [];
    list.push(i);
    domains.set(t.provider, list);
  });
  return domains;
}

async function runLanes(items: number[], lanes: number, work: (i: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    for (let k = next++; k < items.length; k = next++) await work(items[k] as number);
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
    const collection =
      target.provider === "alibaba"
        ? await required(collectors.alibaba, target)(target, { principals, listed, logger })
        : await required(collectors.huawei, target)(target, { principals, listed, logger });
    logger.info("target collected", {
      status: collection.target.status,
      apiCalls: collection.apiCalls,
      durationMs: Math.round(collection.durationMs),
    });
    return collection;
  } catch (err) {
    // A collector should return error targets itself; anything it throws still fails closed.
    logger.error("collector failed unexpectedly", { error: err });
    return {
      target: errorTarget(target, err),
      apiCalls: 0,
      durationMs: performance.now() - started,
    };
  }
}

function required<T>(collector: T | undefined, target: BaselineTarget): T {
  if (!collector) throw new Error(`no collector configured for provider ${target.provider}`);
  return collector;
}

function errorTarget(target: BaselineTarget, err: unknown): SnapshotTarget {
  const error = {
    code: "CollectorError",
    message: err instanceof Error ? err.message : String(err),
    httpStatus: null,
  };
  return target.provider === "alibaba"
    ? {
        provider: "alibaba",
        region: target.region,
        instanceId: target.instanceId,
        status: "error",
        error,
      }
    : {
        provider: "huawei",
        region: target.region,
        projectId: target.projectId,
        instanceId: target.instanceId,
        status: "error",
        error,
      };
}
