// A fan-out worker (DESIGN.md §9): reads the plan and the baseline, collects its shard's targets
// exactly as a one-function run would (the same collectors and budgets — its share of them —
// retries, consistent listings and confirmation re-reads), and writes `shards/{n}.json`. It never
// compares for a report, alerts, or touches `latest.json`. Idempotent: a late or repeated delivery
// of the same payload finds the run reported, its shard stored or the deadline passed, and does
// nothing; a retry after a failure rewrites only its own shard.
import type { LoadedBaseline } from "../baseline/load.ts";
import { compare } from "../drift/compare.ts";
import { ExecutionError, InputError } from "../errors.ts";
import type { WorkerPayload } from "../invoke/types.ts";
import type { Logger } from "../log/logger.ts";
import { targetKey } from "../model/snapshot.ts";
import type { BaselineTarget } from "../providers/index.ts";
import { CONTENT_TYPES, runKeys } from "../sinks/layout.ts";
import type { ReportStore } from "../sinks/store.ts";
import type { CollectFn } from "./collect.ts";
import { newRunCredentials } from "./collectors.ts";
import { confirmNewDrift } from "./confirm.ts";
import { redactErrors } from "./redact-errors.ts";
import {
  PLAN_SCHEMA_VERSION,
  type Plan,
  PlanSchema,
  parseStored,
  type ShardDocument,
  type ShardPlan,
} from "./shard-plan.ts";
import type { ShardOutcome } from "./types.ts";

export interface ShardWorkerDeps {
  store: ReportStore;
  /** The baseline the plan names (a path or `s3://…`), through the same loader as a run. */
  loadBaseline(source: string): Promise<LoadedBaseline>;
  /** The live collection seam, drawing on `share` of each account's request budget. */
  collect(share: number): CollectFn;
  clock(): Date;
  logger: Logger;
}

export async function runShard(
  payload: WorkerPayload,
  deps: ShardWorkerDeps,
): Promise<ShardOutcome> {
  const { runId, n } = payload.shard;
  const keys = runKeys(runId);
  const log = deps.logger.child({ runId, shard: n });
  const { plan, shard } = await readPlan(payload, deps.store);
  const skip = (reason: string): ShardOutcome => {
    log.info("shard skipped", { reason });
    return { runId, n, result: "skipped", reason, targets: shard.targets.length };
  };
  if (deps.clock().getTime() > Date.parse(plan.deadline))
    return skip("the plan's deadline has passed");
  if ((await deps.store.get(keys.report)) !== null) return skip("the run is already reported");
  if ((await deps.store.get(keys.shard(n))) !== null) return skip("the shard is already stored");

  const started = deps.clock();
  const loaded = await deps.loadBaseline(plan.baseline.source);
  const resolved = shardTargets(plan, shard, loaded);
  if ("failure" in resolved) {
    // Not worth the platform's retries: the coordinator reports the shard's targets unreadable now.
    const { failure } = resolved;
    log.error("shard cannot be collected", { ...failure });
    await writeShard(deps, { runId, n, started, targets: [], stats: {}, failure }, log);
    return { runId, n, result: "written", reason: failure.code, targets: 0 };
  }
  const { targets } = resolved;
  const principals = plan.principals ?? undefined;
  const secrets = newRunCredentials(runId, loaded.baseline.credentials ?? {});
  const collect = deps.collect(shard.budgetShare);
  const discovered = new Set(plan.discovered.map(targetKey));
  const instanceOnly = new Set(targets.map(targetKey).filter((k) => discovered.has(k)));
  const collected = await collect(targets, principals, log, secrets, undefined, instanceOnly);

  // The re-read a one-function run does, for this shard's targets only (findings are per target).
  const mine = new Set(shard.targets);
  const baseline = {
    ...loaded.baseline,
    targets: loaded.baseline.targets.filter((t) => mine.has(targetKey(t))),
  };
  const now = new Date(plan.createdAt);
  const result = compare(baseline, collected.snapshot, { now, principals });
  const confirmed = await confirmNewDrift({
    baseline,
    snapshot: collected.snapshot,
    result,
    principals,
    known: new Set(plan.known),
    now,
    collect,
    secrets,
    stats: collected.stats,
    logger: log,
  });
  const { snapshot } = redactErrors(confirmed, secrets.redact);
  const stats = Object.fromEntries(collected.stats);
  await writeShard(deps, { runId, n, started, targets: snapshot.targets, stats }, log);
  return { runId, n, result: "written", targets: targets.length };
}

async function writeShard(
  deps: ShardWorkerDeps,
  part: Pick<ShardDocument, "runId" | "n" | "targets" | "stats" | "failure"> & { started: Date },
  log: Logger,
) {
  const { started, ...rest } = part;
  const finished = deps.clock();
  const document: ShardDocument = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    ...rest,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
  };
  const key = runKeys(part.runId).shard(part.n);
  await deps.store.put(key, `${JSON.stringify(document)}\n`, CONTENT_TYPES.json);
  log.info("shard stored", { key, targets: part.targets.length });
}

async function readPlan(
  payload: WorkerPayload,
  store: ReportStore,
): Promise<{ plan: Plan; shard: ShardPlan }> {
  const { runId, n, planKey } = payload.shard;
  const keys = runKeys(runId);
  if (planKey !== keys.plan) {
    throw new InputError(
      `shard payload names plan ${planKey}, but run ${runId} keeps it at ${keys.plan}`,
    );
  }
  // Thrown, not skipped: a store that is late or failing deserves the platform's retry.
  const text = await store.get(planKey);
  if (text === null)
    throw new ExecutionError(`plan ${planKey} does not exist (yet) in ${store.location}`);
  const plan = parseStored(PlanSchema, text, planKey);
  if (plan.runId !== runId)
    throw new InputError(`plan ${planKey} is for run ${plan.runId}, not ${runId}`);
  const shard = plan.shards.find((s) => s.n === n);
  if (!shard) throw new InputError(`plan ${planKey} has no shard ${n}`);
  return { plan, shard };
}

/**
 * The shard's targets, from the baseline or (discovered instances) the plan, in plan order — or why
 * there are none: a baseline that changed since the plan, or lost a target, cannot give them.
 */
function shardTargets(
  plan: Plan,
  shard: ShardPlan,
  loaded: LoadedBaseline,
): { targets: BaselineTarget[] } | { failure: { code: string; message: string } } {
  const changed = (message: string) => ({ failure: { code: "BaselineChanged", message } });
  if (loaded.sha256 !== plan.baseline.sha256) {
    return changed(
      `baseline ${plan.baseline.source} changed after run ${plan.runId} was planned (sha256 ${loaded.sha256.slice(0, 12)}…, planned ${plan.baseline.sha256.slice(0, 12)}…)`,
    );
  }
  const known = new Map<string, BaselineTarget>();
  for (const t of [...loaded.baseline.targets, ...plan.discovered]) known.set(targetKey(t), t);
  const targets: BaselineTarget[] = [];
  for (const key of shard.targets) {
    const target = known.get(key);
    if (!target)
      return changed(`shard ${shard.n}: target ${key} is in neither the baseline nor the plan`);
    targets.push(target);
  }
  return { targets };
}
