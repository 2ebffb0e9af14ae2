// The outbox (DESIGN.md §7): an alert a channel did not accept waits under `alerts/pending/` and is
// re-sent, oldest first and before anything new, at the start of the next run. It leaves only when
// the channel accepted it. Per channel, the first refusal stops that channel for the run (so a broken
// or rate-limited channel costs one request per run, never a storm), and the run's own new alert for
// it is queued behind the ones already waiting, keeping their order.
// Runs may overlap (cron and HTTP): an entry is claimed by compare-and-swap before it is sent, so two
// runs never deliver the same entry twice.
import type { Logger } from "../../log/logger.ts";
import type { AlertDelivery } from "../../report/schema.ts";
import type { ReportStore } from "../store.ts";
import type { AlertChannelConfig, AlertMessage } from "./channel.ts";
import type { DeliveryOutcome } from "./deliver.ts";
import { plainText } from "./message.ts";
import {
  channelId,
  OUTBOX_PREFIX,
  type OutboxEntry,
  OutboxEntrySchema,
  outboxKey,
  serializeEntry,
} from "./outbox-entry.ts";
import { channelLabel } from "./redact.ts";

const JSON_TYPE = "application/json; charset=utf-8";
/** How long a claim keeps other runs away: longer than one delivery with its retries takes. */
const CLAIM_MS = 5 * 60_000;
// `{runId}-{channel}.json`, run id first so that key order is time order.
const KEY = /^alerts\/pending\/(\d{8}T\d{6}Z-[0-9a-f]{6})-([a-z]+-[0-9a-f]{12})\.json$/;

export interface OutboxDeps {
  store: ReportStore;
  now(): Date;
  logger: Logger;
  /** A fresh link to a stored report (presigned URLs expire while an alert waits). */
  linkFor(htmlKey: string): Promise<string>;
  send(channel: AlertChannelConfig, message: AlertMessage): Promise<DeliveryOutcome>;
}

export interface FlushResult {
  redelivered: AlertDelivery[];
  /** Channels that still have alerts waiting, with why: new alerts for them queue behind. */
  blocked: Map<string, string>;
  /** Entries delivered (and removed) by this flush. */
  delivered: number;
  /** Entries that were waiting before the flush. */
  waiting: number;
}

export async function flushOutbox(
  channels: readonly AlertChannelConfig[],
  runId: string,
  deps: OutboxDeps,
): Promise<FlushResult> {
  const result: FlushResult = { redelivered: [], blocked: new Map(), delivered: 0, waiting: 0 };
  const keys = await listPending(deps);
  result.waiting = keys.length;
  const byChannel = new Map(channels.map((c) => [channelId(c), c]));
  const orphans = keys.filter((k) => !byChannel.has(channelOfKey(k)));
  if (orphans.length > 0) {
    deps.logger.warn("alerts are waiting for a channel that is no longer configured", {
      count: orphans.length,
      first: orphans[0],
    });
  }
  await Promise.all(
    [...byChannel].map(async ([id, channel]) => {
      for (const key of keys.filter((k) => channelOfKey(k) === id)) {
        const step = await resend(key, channel, runId, deps).catch((error: unknown): Step => {
          // At-least-once: a failed removal after delivery means one duplicate next run, not a loss.
          deps.logger.error("alert outbox entry could not be processed", { key, error });
          return { blocked: "the outbox could not be read or written" };
        });
        if (step.delivery) result.redelivered.push(step.delivery);
        if (step.delivered) result.delivered++;
        if (step.blocked) {
          result.blocked.set(id, step.blocked);
          return;
        }
      }
    }),
  );
  result.redelivered.sort((a, b) => (a.runId ?? "").localeCompare(b.runId ?? ""));
  return result;
}

/** Puts a message the channel did not accept into the outbox; returns its key. */
export async function queueAlert(
  channel: AlertChannelConfig,
  message: AlertMessage,
  failure: { error: string; retryAfterMs?: number; attempts: number },
  htmlKey: string | null,
  deps: Pick<OutboxDeps, "store" | "now">,
): Promise<{ key: string; notBefore: string | null }> {
  const now = deps.now();
  const notBefore =
    failure.retryAfterMs === undefined
      ? null
      : new Date(now.getTime() + failure.retryAfterMs).toISOString();
  const entry: OutboxEntry = {
    schemaVersion: 1,
    runId: message.runId,
    channel: channelId(channel),
    label: channelLabel(channel),
    queuedAt: now.toISOString(),
    attempts: failure.attempts,
    lastError: failure.error,
    notBefore,
    claim: null,
    htmlKey,
    message,
  };
  const key = outboxKey(message.runId, entry.channel);
  await deps.store.put(key, serializeEntry(entry), JSON_TYPE);
  return { key, notBefore };
}

// A store that cannot list must not stop the audit or its new alerts: logged, and nothing re-sent.
async function listPending(deps: OutboxDeps): Promise<string[]> {
  try {
    return (await deps.store.list(OUTBOX_PREFIX)).filter((k) => KEY.test(k));
  } catch (error) {
    deps.logger.error("could not read the alert outbox", { error, prefix: OUTBOX_PREFIX });
    return [];
  }
}

function channelOfKey(key: string): string {
  return KEY.exec(key)?.[2] ?? "";
}

interface Step {
  delivery?: AlertDelivery;
  delivered?: boolean;
  blocked?: string;
}

async function resend(
  key: string,
  channel: AlertChannelConfig,
  runId: string,
  deps: OutboxDeps,
): Promise<Step> {
  const current = await deps.store.getWithVersion(key);
  if (current === null) return {}; // another run delivered it meanwhile
  const entry = parseEntry(current.body, key, deps.logger);
  if (entry === null) return {};
  const now = deps.now();
  const waiting = (error: string): Step => ({
    delivery: deferredRecord(entry, key, 0, error),
    blocked: error,
  });
  if (entry.claim && entry.claim.runId !== runId && Date.parse(entry.claim.until) > now.getTime()) {
    return waiting(`being re-sent by run ${entry.claim.runId}`);
  }
  if (entry.notBefore && Date.parse(entry.notBefore) > now.getTime()) {
    return waiting(`the channel asked to wait until ${entry.notBefore}`);
  }
  const claim = { runId, until: new Date(now.getTime() + CLAIM_MS).toISOString() };
  const claimed = { ...entry, claim };
  if (!(await deps.store.putIfVersion(key, serializeEntry(claimed), JSON_TYPE, current.version))) {
    return waiting("claimed by another run");
  }
  const outcome = await deps.send(channel, await messageOf(entry, deps));
  if (outcome.delivery.ok) {
    await deps.store.delete(key);
    return { delivery: { ...outcome.delivery, runId: entry.runId }, delivered: true };
  }
  return requeue(claimed, key, outcome, deps);
}

async function requeue(
  entry: OutboxEntry,
  key: string,
  outcome: DeliveryOutcome,
  deps: OutboxDeps,
): Promise<Step> {
  const now = deps.now().getTime();
  const notBefore =
    outcome.retryAfterMs === undefined ? null : new Date(now + outcome.retryAfterMs).toISOString();
  const error = outcome.delivery.error ?? "not accepted";
  const next: OutboxEntry = {
    ...entry,
    attempts: entry.attempts + outcome.delivery.attempts,
    lastError: error,
    notBefore,
    claim: null,
  };
  await deps.store.put(key, serializeEntry(next), JSON_TYPE);
  const delivery = {
    ...outcome.delivery,
    runId: entry.runId,
    deferred: true,
    pending: key,
    notBefore,
  };
  return { delivery, blocked: error };
}

async function messageOf(entry: OutboxEntry, deps: OutboxDeps): Promise<AlertMessage> {
  const reportUrl =
    entry.htmlKey === null ? entry.message.reportUrl : await deps.linkFor(entry.htmlKey);
  const delayed = { queuedAt: entry.queuedAt, reason: entry.lastError ?? "not accepted" };
  const message = { ...entry.message, reportUrl, delayed };
  return { ...message, text: plainText(message) };
}

function deferredRecord(entry: OutboxEntry, key: string, attempts: number, error: string) {
  return {
    channel: entry.label,
    ok: false,
    attempts,
    error,
    runId: entry.runId,
    deferred: true,
    pending: key,
    notBefore: entry.notBefore,
  } satisfies AlertDelivery;
}

// A damaged entry is left where it is for a person to look at; it must not stop the others.
function parseEntry(body: string, key: string, logger: Logger): OutboxEntry | null {
  try {
    return OutboxEntrySchema.parse(JSON.parse(body));
  } catch (error) {
    logger.error("ignoring a damaged outbox entry", { key, error });
    return null;
  }
}
