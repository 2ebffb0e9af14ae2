// The fan-out coordinator (DESIGN.md §9): when a run has more targets than one shard holds, it
// writes `plan.json`, starts one asynchronous worker per shard on the function platform, and waits
// for `shards/{n}.json` until the plan's deadline. Whatever does not come back — a worker that
// could not be started, crashed, or never answered — makes exactly its shard's targets unreadable
// (`ShardTimeout`): fail closed. The merged snapshot then goes through compare → report → alert →
// store like a one-function run's; workers already ran the confirmation re-reads.
import { setTimeout as delay } from "node:timers/promises";
import type { LoadedBaseline } from "../baseline/load.ts";
import { InvokeError } from "../errors.ts";
import type { InvokeResult, WorkerInvoker } from "../invoke/types.ts";
import type { Logger } from "../log/logger.ts";
import { type CollectStats, type TargetError, targetKey } from "../model/snapshot.ts";
import {
  type BaselineTarget,
  providerOf,
  type Snapshot,
  type SnapshotTarget,
} from "../providers/index.ts";
import type { ReportShard } from "../report/schema.ts";
import { CONTENT_TYPES, runKeys } from "../sinks/layout.ts";
import type { ReportStore } from "../sinks/store.ts";
import { type Collected, type CollectFn, runLanes } from "./collect.ts";
import type { RunCredentials } from "./collectors.ts";
import type { Discovered } from "./discover.ts";
import {
  PLAN_SCHEMA_VERSION,
  type Plan,
  parseStored,
  type ShardDocument,
  ShardDocumentSchema,
  type ShardPlan,
  splitShards,
} from "./shard-plan.ts";

export interface FanoutSettings {
  /** `RMQ_DRIFT_SHARD_SIZE`: more targets than this, and the run fans out. */
  shardSize: number;
  /** `RMQ_DRIFT_SHARD_WAIT_SECONDS`: how long after the run's start shards are waited for. */
  waitMs: number;
  /** How often the store is asked for new shards (default 1 s). */
  pollMs?: number;
  /** Opened for one run, closed after it. */
  openInvoker(): WorkerInvoker;
  /** Lists the discover scopes before the targets are split (the same listing a run does). */
  discover(
    declared: readonly BaselineTarget[],
    logger: Logger,
    secrets: RunCredentials,
  ): Promise<Discovered>;
}

export interface FanoutCollected extends Collected {
  /** Present when the run fanned out. */
  shards?: ReportShard[];
  /** The workers already re-read new drift: the coordinator must not do it again. */
  confirmed?: boolean;
}

export interface FanoutRun {
  runId: string;
  started: Date;
  loaded: LoadedBaseline;
  targets: readonly BaselineTarget[];
  principals: readonly string[] | undefined;
  /** Finding ids of the previous report: the workers re-read only drift not among them. */
  known: ReadonlySet<string>;
  /** The run's credentials; `discover` set on a full audit of a baseline with `discover:` entries. */
  secrets: RunCredentials;
  store: ReportStore;
  /** The one-function collection, for a run small enough for one shard. */
  collect: CollectFn;
  clock(): Date;
  log: Logger;
}

const MAX_PARALLEL_INVOKES = 16;

export async function collectFannedOut(
  run: FanoutRun,
  fanout: FanoutSettings,
): Promise<FanoutCollected> {
  const { secrets, log } = run;
  const discovering = Boolean(secrets.discover?.length);
  const found = discovering
    ? await fanout.discover(run.targets, log, secrets)
    : { scopes: [], targets: [] };
  const all = [...run.targets, ...found.targets];
  const withDiscovery = (c: FanoutCollected): FanoutCollected =>
    discovering ? { ...c, snapshot: { ...c.snapshot, discovery: found.scopes } } : c;
  const once: RunCredentials = { ...secrets, discover: undefined };
  if (all.length <= fanout.shardSize) {
    const instanceOnly = new Set(found.targets.map(targetKey));
    return withDiscovery(
      await run.collect(all, run.principals, log, once, undefined, instanceOnly),
    );
  }
  const plan = planRun(run, all, found.targets, fanout);
  const keys = runKeys(run.runId);
  await run.store.put(keys.plan, `${JSON.stringify(plan, null, 2)}\n`, CONTENT_TYPES.json);
  log.info("fan-out planned", {
    shards: plan.shards.length,
    targets: all.length,
    deadline: plan.deadline,
    planKey: keys.plan,
  });
  const received = await gatherShards(run, plan, fanout);
  return withDiscovery({ ...merge(run, all, plan, received), confirmed: true });
}

function planRun(
  run: FanoutRun,
  all: readonly BaselineTarget[],
  discovered: readonly BaselineTarget[],
  fanout: FanoutSettings,
): Plan {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    runId: run.runId,
    createdAt: run.started.toISOString(),
    deadline: new Date(run.started.getTime() + fanout.waitMs).toISOString(),
    baseline: { source: run.loaded.source, sha256: run.loaded.sha256 },
    principals: run.principals ? [...run.principals] : null,
    known: [...run.known],
    shards: splitShards(all, fanout.shardSize),
    discovered: [...discovered],
  };
}

/** What became of each shard: its document, or why there is none. */
type Received = Map<number, { doc: ShardDocument } | { missing: TargetError }>;

async function gatherShards(run: FanoutRun, plan: Plan, fanout: FanoutSettings): Promise<Received> {
  const keys = runKeys(run.runId);
  const received: Received = new Map();
  const gaveUp = new Map<number, string>();
  const invoker = fanout.openInvoker();
  try {
    await invokeAll(invoker, plan, run, gaveUp);
    const deadline = Date.parse(plan.deadline);
    const pending = () => plan.shards.filter((s) => !received.has(s.n));
    for (;;) {
      const before = new Map(gaveUp);
      await readArrived(run, plan, received, pending());
      // A worker the platform reported failed gets one look at the store after it ended.
      for (const [n, reason] of before) {
        if (!received.has(n)) received.set(n, { missing: timeout(n, plan, reason) });
      }
      const left = pending();
      if (left.length === 0) break;
      const now = run.clock().getTime();
      if (now >= deadline) {
        for (const s of left) {
          received.set(s.n, {
            missing: timeout(s.n, plan, `no ${keys.shard(s.n)} by the deadline ${plan.deadline}`),
          });
        }
        break;
      }
      await delay(Math.min(fanout.pollMs ?? 1000, deadline - now));
    }
  } finally {
    await invoker.close();
  }
  const missing = [...received].filter(([, r]) => "missing" in r).map(([n]) => n);
  if (missing.length > 0)
    run.log.error("shards missing; their targets are unreadable", { shards: missing });
  return received;
}

async function invokeAll(
  invoker: WorkerInvoker,
  plan: Plan,
  run: FanoutRun,
  gaveUp: Map<number, string>,
) {
  const planKey = runKeys(run.runId).plan;
  await runLanes(plan.shards, MAX_PARALLEL_INVOKES, async ({ n }) => {
    let accepted: InvokeResult;
    try {
      accepted = await invoker.invoke({ shard: { runId: run.runId, n, planKey } });
    } catch (err) {
      const reason = err instanceof InvokeError ? err.message : `invoking failed: ${String(err)}`;
      run.log.error("worker could not be invoked", { shard: n, error: err });
      gaveUp.set(n, `the worker could not be started: ${reason}`);
      return;
    }
    run.log.info("worker invoked", {
      shard: n,
      platform: invoker.platform,
      requestId: accepted.requestId,
    });
    void accepted.settled?.then((failure) => {
      if (failure !== null) gaveUp.set(n, failure);
    });
  });
}

/** Reads every shard that has arrived since the last look; a bad one counts as missing. */
async function readArrived(
  run: FanoutRun,
  plan: Plan,
  received: Received,
  pending: readonly ShardPlan[],
) {
  if (pending.length === 0) return;
  const keys = runKeys(run.runId);
  let listed: Set<string>;
  try {
    listed = new Set(await run.store.list(keys.shardsPrefix));
  } catch (err) {
    run.log.warn("listing shards failed; trying again", { error: err });
    return;
  }
  for (const shard of pending) {
    const key = keys.shard(shard.n);
    if (!listed.has(key)) continue;
    const text = await run.store.get(key);
    if (text === null) continue;
    try {
      received.set(shard.n, {
        doc: checkShard(parseStored(ShardDocumentSchema, text, key), shard, plan),
      });
    } catch (err) {
      run.log.error("shard rejected", { shard: shard.n, error: err });
      const message = `${key} was rejected: ${(err as Error).message}`;
      received.set(shard.n, { missing: { code: "ShardInvalid", message, httpStatus: null } });
    }
  }
}

/** A shard must be this run's, this shard's, and hold exactly its planned targets. */
function checkShard(doc: ShardDocument, shard: ShardPlan, plan: Plan): ShardDocument {
  if (doc.runId !== plan.runId || doc.n !== shard.n) {
    throw new Error(`it is shard ${doc.n} of run ${doc.runId}`);
  }
  if (doc.failure) return doc;
  const got = doc.targets.map(targetKey);
  const want = new Set(shard.targets);
  if (got.length !== want.size || got.some((k) => !want.delete(k))) {
    throw new Error(`it does not hold exactly the ${shard.targets.length} planned targets`);
  }
  return doc;
}

const timeout = (n: number, plan: Plan, reason: string): TargetError => ({
  code: "ShardTimeout",
  message: `shard ${n} of ${plan.shards.length} never arrived: ${reason}`,
  httpStatus: null,
});

/** The merged snapshot, in the run's target order; targets of missing shards are unreadable. */
function merge(
  run: FanoutRun,
  all: readonly BaselineTarget[],
  plan: Plan,
  received: Received,
): FanoutCollected {
  const byKey = new Map<string, SnapshotTarget>();
  const stats = new Map<string, CollectStats>();
  const shardOf = new Map<string, number>();
  const shards: ReportShard[] = plan.shards.map((shard) => {
    const got = received.get(shard.n);
    for (const key of shard.targets) shardOf.set(key, shard.n);
    if (got && "doc" in got && !got.doc.failure) {
      for (const t of got.doc.targets) byKey.set(targetKey(t), t);
      for (const [key, s] of Object.entries(got.doc.stats)) stats.set(key, s);
      return {
        n: shard.n,
        targets: shard.targets.length,
        status: "ok",
        durationMs: got.doc.durationMs,
      };
    }
    return { n: shard.n, targets: shard.targets.length, status: "missing", durationMs: null };
  });
  const targets = all.map((target) => {
    const key = targetKey(target);
    const collected = byKey.get(key);
    if (collected) return collected;
    const got = received.get(shardOf.get(key) as number);
    const error: TargetError =
      got && "missing" in got
        ? got.missing
        : got?.doc.failure
          ? { ...got.doc.failure, httpStatus: null }
          : timeout(shardOf.get(key) as number, plan, "no shard document");
    return providerOf(target).errorTarget(target, error);
  });
  const snapshot: Snapshot = { schemaVersion: 1, collectedAt: run.clock().toISOString(), targets };
  return { snapshot, stats, shards };
}
