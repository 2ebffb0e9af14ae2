// Alert step of the pipeline: decide whether anything is new, then deliver it (or print it when no
// channel is configured). Every outcome comes back as a delivery record for the report.
import type { Logger } from "../log/logger.ts";
import type { Severity } from "../model/finding.ts";
import type { AlertDelivery, Report } from "../report/schema.ts";
import type { AlertChannelConfig } from "../sinks/alerts/channel.ts";
import { decideAlert } from "../sinks/alerts/decide.ts";
import { type DeliverOptions, deliverAlerts } from "../sinks/alerts/deliver.ts";
import { consoleAlert, formatAlert } from "../sinks/alerts/message.ts";

export interface AlertSettings {
  channels: readonly AlertChannelConfig[];
  minSeverity: Severity;
  /** Where the message goes when no channel is configured. */
  writeConsole(text: string): void;
  deliver?: Omit<DeliverOptions, "logger">;
}

export async function sendAlerts(
  report: Report,
  previous: Report | null,
  reportUrl: string | null,
  settings: AlertSettings,
  log: Logger,
): Promise<AlertDelivery[]> {
  const decision = decideAlert(report, previous, settings.minSeverity);
  if (!decision) {
    log.info("no alert: nothing new at or above the threshold", {
      minSeverity: settings.minSeverity,
    });
    return [];
  }
  const message = formatAlert(decision, { reportUrl });
  if (settings.channels.length === 0) {
    settings.writeConsole(consoleAlert(message));
    return [{ channel: "console", ok: true, attempts: 1 }];
  }
  const deliveries = await deliverAlerts(settings.channels, message, {
    ...settings.deliver,
    logger: log,
  });
  const failed = deliveries.filter((d) => !d.ok);
  if (failed.length > 0) {
    log.error("alert delivery failed", { channels: failed.map((d) => d.channel) });
  }
  return deliveries;
}
