// Alert channel types: what a configured channel is, what a message holds, and the seam each vendor
// file fills in (build a signed request; read the vendor's answer).

import type { AlertChannelConfig } from "../../config/alert-channels.ts";
import type { ExpiredWaiver, RunStatus, Severity } from "../../model/finding.ts";
import type { HttpRequest, HttpResponse } from "../../net/transport.ts";
import type { Summary } from "../../report/schema.ts";

export {
  type AlertChannelConfig,
  type AlertChannelKind,
  CHANNEL_KINDS,
} from "../../config/alert-channels.ts";

export interface AlertFinding {
  id: string;
  severity: Severity;
  kind: string;
  direction: string | null;
  target: string;
  principal: string | null;
  resource: string | null;
  field: string;
  message: string;
}

export interface UnreadableTarget {
  target: string;
  name: string | null;
  code: string | null;
  message: string | null;
}

export interface AlertMessage {
  title: string;
  runId: string;
  status: RunStatus;
  finishedAt: string;
  summary: Summary;
  minSeverity: Severity;
  /** New unwaived findings at or above `minSeverity` (all of them, not only the ones shown). */
  alertingCount: number;
  /** The top alerting findings, most severe first (at most 10). */
  findings: AlertFinding[];
  unreadable: UnreadableTarget[];
  expiredWaivers: ExpiredWaiver[];
  reportUrl: string | null;
  /** Set when the message is re-sent from the outbox: when it was first tried and why it waited. */
  delayed?: { queuedAt: string; reason: string };
  /** Plain-text rendering, for the console and as a fallback text. */
  text: string;
}

/**
 * How one attempt ended, in the terms the retry loop needs. `throttled` is the channel's own rate
 * limit: never retried within the run (that is how retry storms start), but kept in the outbox for
 * the next run, not before `retryAfterMs` has passed.
 */
export type ChannelVerdict =
  | { ok: true }
  | { ok: false; retry: boolean; throttled?: boolean; error: string; retryAfterMs?: number };

export interface ChannelAdapter {
  /** Builds a freshly signed request; called once per attempt, so timestamps stay current. */
  build(config: AlertChannelConfig, message: AlertMessage, nowMs: number): HttpRequest;
  /** Reads a response that arrived (any status). */
  check(res: HttpResponse, nowMs: number): ChannelVerdict;
}
