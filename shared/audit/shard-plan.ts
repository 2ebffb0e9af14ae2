// The fan-out protocol's documents (DESIGN.md §7, §9), both stored under the run's folder:
// `plan.json` (written once by the coordinator: which targets each shard holds, the baseline's
// digest, the deadline) and `shards/{n}.json` (written by a worker: its targets as a partial
// snapshot, secrets gone, with call stats). Splitting keeps each shard inside one budget domain
// (provider × credentials profile), so a worker draws on one cloud account's budget only.
import { z } from "zod";
import { targetKey } from "../model/snapshot.ts";
import {
  type BaselineTarget,
  BaselineTargetSchema,
  SnapshotTargetSchema,
} from "../providers/index.ts";
import { profileOf } from "./collectors.ts";

export const PLAN_SCHEMA_VERSION = 1;

const ShardPlanSchema = z.strictObject({
  n: z.number().int().nonnegative(),
  /** `provider/profile` (profile empty for the base identity). */
  domain: z.string(),
  /** Target keys, in run order. */
  targets: z.array(z.string()).min(1),
  /**
   * The part of the domain's request budget (QPS and concurrency) this shard may use: the domain's
   * shards may run at the same moment, and together they must stay within one account's budget.
   */
  budgetShare: z.number().positive().max(1),
});
export type ShardPlan = z.infer<typeof ShardPlanSchema>;

export const PlanSchema = z.strictObject({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  runId: z.string(),
  /** The run's start: waivers and expiries are judged at this moment by every worker. */
  createdAt: z.iso.datetime({ offset: true }),
  /** After this, a worker does nothing and the coordinator merges what it has. */
  deadline: z.iso.datetime({ offset: true }),
  baseline: z.strictObject({ source: z.string(), sha256: z.string() }),
  /** `--principal` globs of a targeted run; `null` for every principal. */
  principals: z.array(z.string()).nullable(),
  /**
   * Finding ids of the run's previous report, as the coordinator read it: drift among them is not
   * new, so workers do not re-read it (and do not each read the history again).
   */
  known: z.array(z.string()),
  shards: z.array(ShardPlanSchema).min(1),
  /** Instances found by discovery (no baseline target names them): read with instance-level calls. */
  discovered: z.array(BaselineTargetSchema),
});
export type Plan = z.infer<typeof PlanSchema>;

export const ShardDocumentSchema = z.strictObject({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  runId: z.string(),
  n: z.number().int().nonnegative(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().nonnegative(),
  /** The shard's targets, confirmation re-reads merged in (the same shapes as snapshot.json). */
  targets: z.array(SnapshotTargetSchema),
  /** Per target key: requests sent and wall time, re-reads included. */
  stats: z.record(z.string(), z.strictObject({ apiCalls: z.number(), durationMs: z.number() })),
  /**
   * Why the worker could not collect at all (e.g. `BaselineChanged`): `targets` is then empty and
   * the coordinator reports each of the shard's targets unreadable with this code.
   */
  failure: z.strictObject({ code: z.string(), message: z.string() }).optional(),
});
export type ShardDocument = z.infer<typeof ShardDocumentSchema>;

const domainOf = (t: BaselineTarget) => `${t.provider}/${profileOf(t) ?? ""}`;

/**
 * Splits targets into shards of at most `size`, never mixing budget domains; a domain's targets are
 * spread evenly over as few shards as `size` allows (120 targets, size 50: 40 + 40 + 40).
 */
export function splitShards(targets: readonly BaselineTarget[], size: number): ShardPlan[] {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`shard size ${size}`);
  const domains = new Map<string, string[]>();
  for (const t of targets) {
    const domain = domainOf(t);
    const keys = domains.get(domain);
    if (keys) keys.push(targetKey(t));
    else domains.set(domain, [targetKey(t)]);
  }
  const shards: ShardPlan[] = [];
  for (const [domain, keys] of domains) {
    const count = Math.ceil(keys.length / size);
    const base = Math.floor(keys.length / count);
    let extra = keys.length % count;
    let at = 0;
    for (let i = 0; i < count; i++) {
      const take = base + (extra-- > 0 ? 1 : 0);
      shards.push({
        n: shards.length,
        domain,
        targets: keys.slice(at, at + take),
        budgetShare: 1 / count,
      });
      at += take;
    }
  }
  return shards;
}

/** Parses a stored plan or shard; the error names the key and the first bad field. */
export function parseStored<T>(schema: z.ZodType<T>, text: string, key: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${key} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${key}: ${issue?.path.join(".") || "document"}: ${issue?.message ?? "invalid"}`);
}
