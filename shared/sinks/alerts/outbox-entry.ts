// One alert waiting in the outbox (DESIGN.md §7: `alerts/pending/{runId}-{channel}.json`): the
// channel-neutral message, never a built request (a signature must be fresh, and the webhook URL and
// secret are credentials that stay in the environment), plus where its report link points.
import { createHash } from "node:crypto";
import { z } from "zod";
import { ExpiredWaiverSchema, RunStatusSchema, SeveritySchema } from "../../model/finding.ts";
import { SummarySchema } from "../../report/schema.ts";
import type { AlertChannelConfig, AlertMessage } from "./channel.ts";

export const OUTBOX_PREFIX = "alerts/pending";

const AlertFindingSchema = z.strictObject({
  id: z.string(),
  severity: SeveritySchema,
  kind: z.string(),
  direction: z.string().nullable(),
  target: z.string(),
  principal: z.string().nullable(),
  resource: z.string().nullable(),
  field: z.string(),
  message: z.string(),
});

const AlertMessageSchema = z.strictObject({
  title: z.string(),
  runId: z.string(),
  status: RunStatusSchema,
  finishedAt: z.string(),
  summary: SummarySchema,
  minSeverity: SeveritySchema,
  alertingCount: z.number().int().nonnegative(),
  findings: z.array(AlertFindingSchema),
  unreadable: z.array(
    z.strictObject({
      target: z.string(),
      name: z.string().nullable(),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
  expiredWaivers: z.array(ExpiredWaiverSchema),
  reportUrl: z.string().nullable(),
  delayed: z.strictObject({ queuedAt: z.string(), reason: z.string() }).optional(),
  text: z.string(),
}) satisfies z.ZodType<AlertMessage>;

export const OutboxEntrySchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  /** `channelId` of the channel it is for. */
  channel: z.string(),
  /** `kind@host`, for people reading the outbox. */
  label: z.string(),
  queuedAt: z.iso.datetime({ offset: true }),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** The channel asked us not to try again before this (a rate limit's wait). */
  notBefore: z.iso.datetime({ offset: true }).nullable(),
  /** A run sending it right now; another run leaves it alone until `until`. */
  claim: z.strictObject({ runId: z.string(), until: z.iso.datetime({ offset: true }) }).nullable(),
  /** The report the message links to, so a fresh link (presigned URLs expire) is made at re-send. */
  htmlKey: z.string().nullable(),
  message: AlertMessageSchema,
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/**
 * A stable name for a channel that reveals nothing: the kind and 12 hex digits of the URL's SHA-256.
 * Two robots on the same host (every DingTalk robot is on oapi.dingtalk.com) get different ids.
 */
export function channelId(config: AlertChannelConfig): string {
  const digest = createHash("sha256").update(config.url.href, "utf8").digest("hex");
  return `${config.kind}-${digest.slice(0, 12)}`;
}

export function outboxKey(runId: string, channel: string): string {
  return `${OUTBOX_PREFIX}/${runId}-${channel}.json`;
}

export function serializeEntry(entry: OutboxEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}
