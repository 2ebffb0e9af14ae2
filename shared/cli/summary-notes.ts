// The parts of the audit summary after the findings table: waivers in force and expired, what the
// alert said and whether it arrived, and where the report is (once).
import { SEVERITY_RANK, type Severity } from "../model/finding.ts";
import type { AlertDelivery, Report } from "../report/schema.ts";
import { visible } from "../report/visible.ts";

export interface NoteOptions {
  /** New findings the alert counted; null when no alert went out (`--no-alerts`, dry run). */
  alertedFindings?: number | null;
  minSeverity?: Severity;
  htmlUrl?: string | null;
}

export function waiverNotes(report: Report): string[] {
  const out: string[] = [];
  const waived = report.findings.filter((f) => f.waiver !== null);
  if (waived.length > 0) {
    out.push("", `Waived (${waived.length}, not counted):`);
    for (const f of waived) {
      const w = f.waiver!;
      const where = [f.target, f.principal, f.resource, f.field].filter((p) => p !== null);
      const owner = w.owner ? `, owner ${w.owner}` : "";
      out.push(
        `  ${visible(`${w.id}  ${where.join(" · ")}  until ${w.expires}${owner}: ${w.reason}`)}`,
      );
    }
  }
  if (report.expiredWaivers.length > 0) {
    out.push("", `Expired waivers (${report.expiredWaivers.length}, no longer applied):`);
    for (const w of report.expiredWaivers) {
      const owner = w.owner ? `, owner ${w.owner}` : "";
      out.push(`  ${visible(`${w.id}  expired ${w.expires}${owner}: ${w.reason}`)}`);
    }
  }
  return out;
}

export function alertNotes(report: Report, options: NoteOptions): string[] {
  const out = ["", alertLine(report, options)];
  const { alerts, redelivered = [], pending = 0 } = report.delivery;
  for (const d of alerts) out.push(`  ${deliveryLine(d)}`);
  for (const d of redelivered) out.push(`  earlier run ${d.runId}: ${deliveryLine(d)}`);
  if (pending > 0) {
    out.push(
      `  ${pending} alert(s) wait in alerts/pending/ and are re-sent by the next run (exit 4)`,
    );
  }
  if (options.htmlUrl) out.push("", `Report: ${options.htmlUrl}`);
  return out;
}

function alertLine(report: Report, options: NoteOptions): string {
  const sev = options.minSeverity ?? "high";
  const counted = options.alertedFindings;
  if (counted === null || counted === undefined)
    return "Alert: none sent (alerts were off for this run)";
  const differs = why(report, counted, sev);
  if (report.delivery.alerts.length === 0) return `Alert: nothing new at or above ${sev}${differs}`;
  return `Alert: ${counted} new finding(s) at or above ${sev}${alsoAlerted(report, counted)}${differs}`;
}

// Unreadable targets alert on every run, newly expired waivers once; an alert with neither new
// findings nor unreadable targets was sent for newly expired waivers.
function alsoAlerted(report: Report, findings: number): string {
  const unreadable = report.summary.unreadable;
  if (unreadable > 0) return `, and ${unreadable} unreadable target(s)`;
  return findings === 0 ? ", and newly expired waivers" : "";
}

/** The summary's "new" counts every new unwaived finding; the alert only those at its threshold. */
function why(report: Report, alerted: number, sev: Severity): string {
  const total = report.summary.new;
  if (alerted === total) return "";
  const threshold = SEVERITY_RANK[sev];
  const below = report.findings.filter(
    (f) => f.waiver === null && f.state === "new" && SEVERITY_RANK[f.severity] < threshold,
  ).length;
  const reasons: string[] = [];
  if (below > 0) reasons.push(`${below} below ${sev} are not alerted`);
  const unwaivedAgain = alerted - (total - below);
  if (unwaivedAgain > 0) reasons.push(`${unwaivedAgain} lost their waiver and count as new`);
  return ` (the summary counts ${total} new: ${reasons.join("; ")})`;
}

function deliveryLine(d: AlertDelivery): string {
  if (d.channel === "console") return "no alert channel configured (RMQ_DRIFT_ALERTS)";
  if (d.ok) return `${d.channel}: delivered`;
  const kept = d.deferred ? "; kept for the next run" : "; NOT kept";
  return `${d.channel}: NOT delivered (${d.error ?? "failed"})${kept}`;
}
