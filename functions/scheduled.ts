// Cron entry points: an EventBridge schedule on Lambda, a timer trigger on Alibaba Function Compute.
// Drift and unreadable targets are results (recorded, alerted, returned); only an error the run cannot
// recover from — above all a report that could not be stored — is thrown, so the platform marks the
// invocation failed, retries it and raises its alarms.
import type { AuditOutcome } from "../shared/audit/types.ts";
import { createJsonLogger, type Logger } from "../shared/log/logger.ts";
import type { RunStatus } from "../shared/model/finding.ts";
import type { Summary } from "../shared/report/schema.ts";
import {
  type AppOverrides,
  type FcContext,
  overridesFromFcContext,
  parseFcEvent,
} from "./fc-context.ts";

export interface ScheduledApp {
  runScheduled(): Promise<AuditOutcome>;
}
export type GetScheduledApp = (overrides?: AppOverrides) => Promise<ScheduledApp>;

/** EventBridge "Scheduled Event" (only the fields we log). */
export interface ScheduleEvent {
  "detail-type"?: string;
  source?: string;
  time?: string;
}

/** FC timer trigger event: https://www.alibabacloud.com/help/en/fc/formats-of-event-for-different-triggers */
export interface FcTimerEvent {
  triggerTime?: string;
  triggerName?: string;
  payload?: string;
}

export interface ScheduledResult {
  runId: string;
  status: RunStatus;
  summary: Summary;
  reportUrl: string | null;
  /** Alerts not delivered yet (kept in `alerts/pending/`); a result, not a failed invocation. */
  alertsPending: number;
}

export interface HandlerOptions {
  /** JSON lines on stderr by default, which both Lambda and FC collect. */
  logger?: Logger;
}

const defaultLogger = () => createJsonLogger({ base: { component: "scheduled" } });

export function createScheduledHandler(getApp: GetScheduledApp, options: HandlerOptions = {}) {
  const logger = options.logger ?? defaultLogger();
  return async (event: ScheduleEvent | undefined): Promise<ScheduledResult> => {
    logger.info("scheduled run triggered", { source: event?.source, scheduledAt: event?.time });
    return run(await getApp(), logger);
  };
}

export function createFcTimerHandler(getApp: GetScheduledApp, options: HandlerOptions = {}) {
  const logger = options.logger ?? defaultLogger();
  return async (raw: unknown, context?: FcContext): Promise<ScheduledResult> => {
    const event = timerEvent(raw);
    logger.info("scheduled run triggered", {
      trigger: event.triggerName,
      scheduledAt: event.triggerTime,
    });
    return run(await getApp(overridesFromFcContext(context)), logger);
  };
}

async function run(app: ScheduledApp, logger: Logger): Promise<ScheduledResult> {
  const { report, reportUrl } = await app.runScheduled();
  const { runId, status, summary } = report;
  const alertsPending = report.delivery.pending ?? 0;
  logger.info("scheduled run finished", { runId, status, reportUrl, alertsPending });
  // Re-running the audit would not help the channel, so this is a log line for the alarms, not a throw.
  if (alertsPending > 0) {
    logger.error("alerts not delivered; kept in alerts/pending/ for the next run", {
      runId,
      alertsPending,
    });
  }
  return { runId, status, summary, reportUrl, alertsPending };
}

/** The timer event is only logged, so a missing or malformed one does not stop the audit. */
function timerEvent(raw: unknown): FcTimerEvent {
  try {
    const event = parseFcEvent(raw);
    return typeof event === "object" && event !== null ? (event as FcTimerEvent) : {};
  } catch {
    return {};
  }
}

/** Default application: built on first use from the environment, cached per container. */
const defaultGetApp: GetScheduledApp = async (overrides) => {
  const { getDefaultApp } = await import("../shared/audit/app.ts");
  return getDefaultApp(overrides);
};

export const handler = createScheduledHandler(defaultGetApp);
export const fcHandler = createFcTimerHandler(defaultGetApp);
