// The summary a person reads at the end of `rmq-drift audit`: status, one row per target, the top
// findings, and where the full report is. Plain text; colour only on a terminal. Names and messages
// come from the clouds, so they are shown through `visible`: they cannot drive the terminal.
import { stripVTControlCharacters } from "node:util";
import { SEVERITIES, SEVERITY_RANK } from "../model/finding.ts";
import type { Report } from "../report/schema.ts";
import { visible } from "../report/visible.ts";
import { alertNotes, type NoteOptions, waiverNotes } from "./summary-notes.ts";

export interface SummaryOptions extends NoteOptions {
  color?: boolean;
  /** Findings listed in full; the rest are counted. */
  top?: number;
}

const COLORS: Record<string, string> = {
  critical: "\x1b[1;31m",
  high: "\x1b[31m",
  medium: "\x1b[33m",
  low: "\x1b[36m",
  clean: "\x1b[32m",
  drift: "\x1b[33m",
  incomplete: "\x1b[1;31m",
};

export function formatSummary(report: Report, options: SummaryOptions = {}): string {
  const paint = (key: string, text: string) =>
    options.color && COLORS[key] ? `${COLORS[key]}${text}\x1b[0m` : text;
  const s = report.summary;
  const lines = [
    `rmq-drift ${report.runId}  status: ${paint(report.status, report.status.toUpperCase())}`,
    `targets ${s.targets} (unreadable ${s.unreadable})  principals ${s.principals}  entries ${s.entries}`,
    `findings ${SEVERITIES.map((sev) => paint(sev, `${sev} ${s.findings[sev]}`)).join("  ")}` +
      `  | new ${s.new}  persisting ${s.persisting}  resolved ${s.resolved}  waived ${s.waived}`,
    "",
    ...table(
      ["target", "status", "principals", "entries", "findings", "calls", "time"],
      report.targets.map((t) => [
        visible(t.name ? `${t.key} (${t.name})` : t.key),
        t.status === "ok" ? "ok" : paint("incomplete", "UNREADABLE"),
        String(t.principals),
        String(t.entries),
        String(report.findings.filter((f) => f.target === t.key && !f.waiver).length),
        String(t.apiCalls),
        `${Math.round(t.durationMs)} ms`,
      ]),
    ),
  ];
  lines.push(...topFindings(report, options.top ?? 15, paint));
  lines.push(...waiverNotes(report), ...alertNotes(report, options));
  return `${lines.join("\n")}\n`;
}

/** The most severe unwaived findings, grouped under their target, one readable line each. */
function topFindings(report: Report, top: number, paint: (k: string, t: string) => string) {
  const open = report.findings
    .filter((f) => !f.waiver)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  if (open.length === 0) return [];
  const shown = open.slice(0, top);
  const out = ["", `Findings (${open.length} unwaived, most severe first):`];
  for (const t of report.targets) {
    const mine = shown.filter((f) => f.target === t.key);
    if (mine.length === 0) continue;
    out.push(`  ${visible(t.name ? `${t.name} ${t.key}` : t.key)}`);
    for (const f of mine) {
      out.push(
        `    ${paint(f.severity, f.severity.toUpperCase().padEnd(8))} ${f.state.padEnd(10)} ${visible(f.message)}`,
      );
    }
  }
  if (open.length > top) out.push(`  … and ${open.length - top} more in the report`);
  return out;
}

/** Left-aligned columns; ANSI codes don't count toward widths. */
export function table(header: string[], rows: string[][]): string[] {
  const visible = (s: string) => stripVTControlCharacters(s).length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ""))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c + " ".repeat(Math.max(0, (widths[i] ?? 0) - visible(c))))
      .join("  ")
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt)];
}
