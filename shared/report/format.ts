// Small formatting rules shared by the Markdown and HTML renderers, so both say the same thing.
import type { RunStatus, Severity } from "../model/finding.ts";
import { countBySeverity } from "./build.ts";
import type { Report, ReportFinding, SeverityCounts } from "./schema.ts";

export const STATUS_TEXT: Record<RunStatus, { label: string; meaning: string }> = {
  clean: { label: "CLEAN", meaning: "Every audited target matches the baseline." },
  drift: { label: "DRIFT", meaning: "Permissions differ from the baseline (unwaived findings)." },
  incomplete: {
    label: "INCOMPLETE",
    meaning: "At least one target could not be read; its drift is unknown.",
  },
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** `2026-11-25 03:00:00 UTC`; a timestamp with another offset is shown as given. */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An age such as a time to resolve: `45 min`, `5 h 20 min`, `3 d 4 h`. */
export function formatAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function runDurationMs(report: Report): number {
  return Math.max(0, Date.parse(report.finishedAt) - Date.parse(report.startedAt));
}

/** Unwaived findings by severity for one target (the per-target table). */
export function targetCounts(report: Report, key: string): SeverityCounts {
  return countBySeverity(report.findings.filter((f) => f.target === key));
}

export function unwaived(report: Report): ReportFinding[] {
  return report.findings.filter((f) => f.waiver === null);
}

export function waived(report: Report): ReportFinding[] {
  return report.findings.filter((f) => f.waiver !== null);
}

export function totalOf(counts: SeverityCounts): number {
  return counts.critical + counts.high + counts.medium + counts.low;
}

export function shortSha(sha: string): string {
  return sha.length > 12 ? `${sha.slice(0, 12)}…` : sha;
}
