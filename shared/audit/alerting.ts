// Alert step of the pipeline. At the start of a run, the outbox is flushed (alerts earlier runs could
// not deliver); after the comparison, whatever is new goes to every channel, or to the outbox when a
// channel does not accept it (or still has older alerts waiting). Every outcome comes back as a
// delivery record for the report. With no channel configured, the message is printed instead.
import type { Logger } from "../log/logger.ts";
import type { Severity } from "../model/finding.ts";
import type { AlertDelivery, Delivery, Report } from "../report/schema.ts";
import type { AlertChannelConfig, AlertMessage } from "../sinks/alerts/channel.ts";
import { decideAlert } from "../sinks/alerts/decide.ts";
import { type DeliverOptions, deliverOne, withTransport } from "../sinks/alerts/deliver.ts";
import { consoleAlert, formatAlert } from "../sinks/alerts/message.ts";
import { type FlushResult, flushOutbox, queueAlert } from "../sinks/alerts/outbox.ts";
import { channelId } from "../sinks/alerts/outbox-entry.ts";
import { channelLabel } from "../sinks/alerts/redact.ts";
import type { ReportLinker } from "../sinks/report-link.ts";
import type { ReportStore } from "../sinks/store.ts";

export interface AlertSettings {
  channels: readonly AlertChannelConfig[];
  minSeverity: Severity;
  /** Where the message goes when no channel is configured. */
  writeConsole(text: string): void;
  deliver?: Omit<DeliverOptions, "logger">;
}

export interface AlertContext {
  settings: AlertSettings;
  store: ReportStore;
  linkReport: ReportLinker;
  clock(): Date;
  log: Logger;
}

export const NOTHING_FLUSHED: FlushResult = {
  redelivered: [],
  blocked: new Map(),
  delivered: 0,
  waiting: 0,
};

/** Re-sends what earlier runs could not deliver, before this run alerts about anything new. */
export async function flushAlerts(runId: string, ctx: AlertContext): Promise<FlushResult> {
  const { channels } = ctx.settings;
  if (channels.length === 0) return NOTHING_FLUSHED;
  const flushed = await withTransport(ctx.settings.deliver ?? {}, (transport) =>
    flushOutbox(channels, runId, {
      store: ctx.store,
      now: ctx.clock,
      logger: ctx.log,
      linkFor: ctx.linkReport,
      send: (channel, message) => deliverOne(channel, message, transport, deliverOptions(ctx)),
    }),
  );
  if (flushed.waiting > 0) {
    ctx.log.info("alert outbox flushed", {
      waiting: flushed.waiting,
      delivered: flushed.delivered,
    });
  }
  return flushed;
}

export interface Alerted {
  delivery: Delivery;
  /** New unwaived findings at or above the threshold: the "new" count the alert showed. */
  newFindings: number;
}

export async function sendAlerts(
  report: Report,
  previous: Report | null,
  htmlKey: string,
  flushed: FlushResult,
  ctx: AlertContext,
): Promise<Alerted> {
  const decision = decideAlert(report, previous, ctx.settings.minSeverity);
  const newFindings = decision?.findings.length ?? 0;
  return { delivery: await deliverDecision(decision, htmlKey, flushed, ctx), newFindings };
}

async function deliverDecision(
  decision: ReturnType<typeof decideAlert>,
  htmlKey: string,
  flushed: FlushResult,
  ctx: AlertContext,
): Promise<Delivery> {
  const redelivered = flushed.redelivered;
  const waitingBefore = flushed.waiting - flushed.delivered;
  if (!decision) {
    ctx.log.info("no alert: nothing new at or above the threshold", {
      minSeverity: ctx.settings.minSeverity,
    });
    return delivery([], redelivered, waitingBefore);
  }
  const message = formatAlert(decision, { reportUrl: await ctx.linkReport(htmlKey) });
  if (ctx.settings.channels.length === 0) {
    ctx.settings.writeConsole(consoleAlert(message));
    return delivery([{ channel: "console", ok: true, attempts: 1 }], redelivered, waitingBefore);
  }
  const alerts = await withTransport(ctx.settings.deliver ?? {}, (transport) =>
    Promise.all(
      ctx.settings.channels.map((channel) => {
        const behind = flushed.blocked.get(channelId(channel));
        return behind === undefined
          ? sendOrQueue(channel, message, htmlKey, ctx, (m) =>
              deliverOne(channel, m, transport, deliverOptions(ctx)),
            )
          : queueBehind(channel, message, htmlKey, behind, ctx);
      }),
    ),
  );
  const deferred = alerts.filter((d) => d.deferred);
  if (deferred.length > 0) {
    ctx.log.error("alert not delivered; kept in the outbox for the next run", {
      channels: deferred.map((d) => d.channel),
    });
  }
  return delivery(alerts, redelivered, waitingBefore + deferred.length);
}

async function sendOrQueue(
  channel: AlertChannelConfig,
  message: AlertMessage,
  htmlKey: string,
  ctx: AlertContext,
  send: (m: AlertMessage) => ReturnType<typeof deliverOne>,
): Promise<AlertDelivery> {
  const outcome = await send(message);
  if (outcome.delivery.ok) return outcome.delivery;
  const failure = {
    error: outcome.delivery.error ?? "not accepted",
    retryAfterMs: outcome.retryAfterMs,
    attempts: outcome.delivery.attempts,
  };
  return keep(outcome.delivery, channel, message, failure, htmlKey, ctx);
}

/** Older alerts for this channel are still waiting: this one goes behind them, unsent. */
function queueBehind(
  channel: AlertChannelConfig,
  message: AlertMessage,
  htmlKey: string,
  reason: string,
  ctx: AlertContext,
): Promise<AlertDelivery> {
  const error = `queued behind earlier alerts still waiting (${reason})`;
  const record = { channel: channelLabel(channel), ok: false, attempts: 0, error };
  return keep(record, channel, message, { error, attempts: 0 }, htmlKey, ctx);
}

async function keep(
  record: AlertDelivery,
  channel: AlertChannelConfig,
  message: AlertMessage,
  failure: { error: string; retryAfterMs?: number; attempts: number },
  htmlKey: string,
  ctx: AlertContext,
): Promise<AlertDelivery> {
  try {
    const { key, notBefore } = await queueAlert(channel, message, failure, htmlKey, {
      store: ctx.store,
      now: ctx.clock,
    });
    return { ...record, deferred: true, pending: key, notBefore };
  } catch (error) {
    ctx.log.error("alert could not be kept in the outbox: it is lost", { error });
    return { ...record, deferred: false, error: `${failure.error}; not kept for a retry` };
  }
}

function deliverOptions(ctx: AlertContext): DeliverOptions {
  return { ...ctx.settings.deliver, logger: ctx.log };
}

function delivery(
  alerts: AlertDelivery[],
  redelivered: AlertDelivery[],
  pending: number,
): Delivery {
  return {
    alerts,
    ...(redelivered.length > 0 ? { redelivered } : {}),
    ...(pending > 0 ? { pending } : {}),
  };
}
