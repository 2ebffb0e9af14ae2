// The report contract (DESIGN.md §6), the single source of the report types and report.schema.json.
import { z } from "zod";
import {
  ExpiredWaiverSchema,
  FieldSchema,
  FindingSchema,
  RunStatusSchema,
  SeveritySchema,
} from "../model/finding.ts";
import { RemediationSchema } from "../model/remediation.ts";
import { TargetErrorSchema } from "../model/snapshot.ts";

export const REPORT_SCHEMA_VERSION = 1;

export const TriggerSchema = z.enum(["scheduled", "http", "cli"]);
export type Trigger = z.infer<typeof TriggerSchema>;

export const ReportFindingSchema = FindingSchema.extend({
  state: z.enum(["new", "persisting"]),
  firstSeenAt: z.iso.datetime({ offset: true }),
  /** Always present in reports written since remediation was added; optional so older ones load. */
  remediation: RemediationSchema.optional(),
});
export type ReportFinding = z.infer<typeof ReportFindingSchema>;

export const ResolvedFindingSchema = z.strictObject({
  id: z.string(),
  target: z.string(),
  principal: z.string().nullable(),
  resource: z.string().nullable(),
  field: FieldSchema,
  severity: SeveritySchema.optional(),
  firstSeenAt: z.iso.datetime({ offset: true }),
});
export type ResolvedFinding = z.infer<typeof ResolvedFindingSchema>;

export const SeverityCountsSchema = z.strictObject({
  critical: z.number().int().nonnegative(),
  high: z.number().int().nonnegative(),
  medium: z.number().int().nonnegative(),
  low: z.number().int().nonnegative(),
});
export type SeverityCounts = z.infer<typeof SeverityCountsSchema>;

export const SummarySchema = z.strictObject({
  targets: z.number().int().nonnegative(),
  unreadable: z.number().int().nonnegative(),
  principals: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  /** Unwaived findings by severity. */
  findings: SeverityCountsSchema,
  new: z.number().int().nonnegative(),
  persisting: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  waived: z.number().int().nonnegative(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const ReportTargetSchema = z.strictObject({
  key: z.string(),
  name: z.string().nullable().optional(),
  /** The credentials profile the target was read with (a name, never a key); absent: the base identity. */
  credentials: z.string().optional(),
  status: z.enum(["ok", "unreadable"]),
  error: TargetErrorSchema.nullable(),
  principals: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  apiCalls: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type ReportTarget = z.infer<typeof ReportTargetSchema>;

export const AlertDeliverySchema = z.strictObject({
  channel: z.string(),
  ok: z.boolean(),
  attempts: z.number().int().nonnegative(),
  status: z.number().int().nullable().optional(),
  error: z.string().nullable().optional(),
  /** The run whose alert this is (re-sent alerts carry the run that first tried them). */
  runId: z.string().optional(),
  /** Not delivered: kept in the outbox (`pending`) and re-sent by the next run. */
  deferred: z.boolean().optional(),
  /** The channel's rate limit refused it (try later, never retried within the run). */
  throttled: z.boolean().optional(),
  /** The outbox object (`alerts/pending/{runId}-{channel}.json`) holding it, while it waits. */
  pending: z.string().nullable().optional(),
  /** Not re-sent before this time (the channel asked to wait). */
  notBefore: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type AlertDelivery = z.infer<typeof AlertDeliverySchema>;

export const DeliverySchema = z.strictObject({
  /** This run's alert, one entry per channel. */
  alerts: z.array(AlertDeliverySchema),
  /** Alerts of earlier runs re-sent from the outbox at the start of this run, oldest first. */
  redelivered: z.array(AlertDeliverySchema).optional(),
  /** Alerts still waiting in the outbox when this run finished. */
  pending: z.number().int().nonnegative().optional(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** Something the run noticed that did not stop it, e.g. a waiver matching no target. */
export const RunWarningSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
});
export type RunWarning = z.infer<typeof RunWarningSchema>;

/** One shard of a fan-out run (DESIGN.md §9): how many targets it held and whether it came back. */
export const ReportShardSchema = z.strictObject({
  n: z.number().int().nonnegative(),
  targets: z.number().int().nonnegative(),
  status: z.enum(["ok", "missing"]),
  /** The worker's collection time; `null` for a missing shard. */
  durationMs: z.number().nonnegative().nullable(),
});
export type ReportShard = z.infer<typeof ReportShardSchema>;

export const ReportSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal("rmq-drift"), version: z.string() }),
  runId: z.string().regex(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/),
  trigger: TriggerSchema,
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  baseline: z.strictObject({ source: z.string(), sha256: z.string() }),
  status: RunStatusSchema,
  summary: SummarySchema,
  targets: z.array(ReportTargetSchema),
  findings: z.array(ReportFindingSchema),
  resolved: z.array(ResolvedFindingSchema),
  expiredWaivers: z.array(ExpiredWaiverSchema),
  /**
   * Ids of unexpired waivers that matched no finding. Full audits only: a targeted run did not
   * look everywhere a waiver could apply, so it leaves the field out. Absent in older reports.
   */
  unusedWaivers: z.array(z.string()).optional(),
  /** Problems that did not stop the run (absent in older reports). */
  warnings: z.array(RunWarningSchema).optional(),
  /** Fan-out runs only: the shards the targets were collected in. */
  shards: z.array(ReportShardSchema).optional(),
  delivery: DeliverySchema,
});
export type Report = z.infer<typeof ReportSchema>;

/** `latest.json` (DESIGN.md §7). */
export const LatestPointerSchema = z.strictObject({
  runId: z.string(),
  status: RunStatusSchema,
  summary: SummarySchema,
  finishedAt: z.iso.datetime({ offset: true }),
  reportKey: z.string(),
  sha256: z.string(),
});
export type LatestPointer = z.infer<typeof LatestPointerSchema>;

/** One run in `index.json` (DESIGN.md §7), the trend and mean-time-to-resolve source. */
export const RunIndexEntrySchema = z.strictObject({
  runId: z.string().regex(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/),
  finishedAt: z.iso.datetime({ offset: true }),
  status: RunStatusSchema,
  summary: SummarySchema,
  /** Findings this run saw resolved and their summed age (first seen → this run's start). */
  resolution: z
    .strictObject({
      count: z.number().int().nonnegative(),
      totalMs: z.number().nonnegative(),
    })
    .optional(),
});
export type RunIndexEntry = z.infer<typeof RunIndexEntrySchema>;

/** `index.json`: the last full runs, newest first. */
export const RunIndexSchema = z.array(RunIndexEntrySchema);
