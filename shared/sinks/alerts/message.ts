// The alert message: what a decision means for a human, independent of any channel.
import { STATUS_TEXT } from "../../report/format.ts";
import type { ReportFinding } from "../../report/schema.ts";
import type { AlertFinding, AlertMessage } from "./channel.ts";
import type { AlertDecision } from "./decide.ts";
import { PLAIN } from "./markup.ts";
import { LIST_LIMIT, renderBody } from "./render.ts";

export function formatAlert(
  decision: AlertDecision,
  options: { reportUrl: string | null },
): AlertMessage {
  const { runId, status, finishedAt, summary } = decision.report;
  const message: AlertMessage = {
    title: titleOf(decision),
    runId,
    status,
    finishedAt,
    summary,
    minSeverity: decision.minSeverity,
    alertingCount: decision.findings.length,
    findings: decision.findings.slice(0, LIST_LIMIT).map(toAlertFinding),
    unreadable: decision.unreadable,
    expiredWaivers: decision.expiredWaivers,
    reportUrl: options.reportUrl,
    text: "",
  };
  message.text = plainText(message);
  return message;
}

/** The plain-text rendering (console, fallback text); redone when a message is re-sent. */
export function plainText(message: AlertMessage): string {
  return [message.title, "", ...renderBody(message, PLAIN)].join("\n");
}

/** What the pipeline prints when no channel is configured. */
export function consoleAlert(message: AlertMessage): string {
  return `${message.text}\n`;
}

function titleOf(d: AlertDecision): string {
  const parts: string[] = [];
  if (d.findings.length > 0) parts.push(plural(d.findings.length, "new finding"));
  if (d.unreadable.length > 0) parts.push(plural(d.unreadable.length, "unreadable target"));
  if (d.expiredWaivers.length > 0) parts.push(plural(d.expiredWaivers.length, "expired waiver"));
  return `rmq-drift ${STATUS_TEXT[d.report.status].label}: ${parts.join(", ")}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function toAlertFinding(f: ReportFinding): AlertFinding {
  const { id, severity, kind, direction, target, principal, resource, field, message } = f;
  return { id, severity, kind, direction, target, principal, resource, field, message };
}
