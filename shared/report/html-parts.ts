// Building blocks of the HTML report: escaping, the expected/actual diff, the severity chart.
import { SEVERITIES, type Severity } from "../model/finding.ts";
import { diffValues, type ValueDiff } from "./diff.ts";
import { SEVERITY_LABEL } from "./format.ts";
import type { ReportFinding, SeverityCounts } from "./schema.ts";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Every value from a report goes through this: principal names and messages come from the cloud. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * An identifier (target key, principal, resource) that may wrap after its separators only, never in
 * the middle of a name part. Browsers already break after `/` and `-` (Unicode line breaking), except
 * before a digit; `<wbr>` adds the rest (after `:`, `.`, `_`, and `/` or `-` before a digit). Only
 * there: a report with thousands of rows should not carry an element per separator.
 */
export function ident(value: string | null | undefined): string {
  return esc(value).replace(/([:._])(?=.)|([/-])(?=\d)/g, "$1$2<wbr>");
}

/** `ident`, or `—` when absent. */
export function identOrDash(value: string | null | undefined): string {
  return value === null || value === undefined || value === ""
    ? '<span class="muted">—</span>'
    : ident(value);
}

/** `—` for an absent value, so an empty cell is never mistaken for a rendering gap. */
export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === ""
    ? '<span class="muted">—</span>'
    : esc(value);
}

// `</script>` and `<!--` inside data must not end the data block early; JSON allows `\u003c` anywhere.
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: "#b42318",
  high: "#c4320a",
  medium: "#a15c07",
  low: "#175cd3",
};

export function severityBadge(sev: Severity): string {
  return `<span class="sev sev-${sev}">${SEVERITY_LABEL[sev]}</span>`;
}

export function diffHtml(f: ReportFinding): string {
  if (f.kind === "unreadable") return '<span class="muted">not read</span>';
  return renderDiff(diffValues(f.field, f.expected, f.actual));
}

function renderDiff(d: ValueDiff): string {
  switch (d.kind) {
    case "set": {
      const items = [
        ...d.added.map(
          (x) => `<li class="add"><span class="sign" aria-label="added">+</span>${esc(x)}</li>`,
        ),
        ...d.removed.map(
          (x) => `<li class="del"><span class="sign" aria-label="removed">−</span>${esc(x)}</li>`,
        ),
        ...d.kept.map(
          (x) =>
            `<li class="kept"><span class="sign" aria-label="unchanged">·</span>${esc(x)}</li>`,
        ),
      ];
      return `<ul class="diff">${items.join("")}</ul>`;
    }
    case "object":
      return `<ul class="diff">${d.changes
        .map(
          (c) =>
            `<li class="kv"><span class="key">${esc(c.key)}</span>${fromTo(c.from, c.to)}</li>`,
        )
        .join("")}</ul>`;
    case "scalar":
      return `<div class="diff">${fromTo(d.from, d.to)}</div>`;
  }
}

function fromTo(from: string, to: string): string {
  return `<span class="from" title="baseline">${esc(from)}</span><span class="arrow" aria-label="became"> → </span><span class="to" title="cloud">${esc(to)}</span>`;
}

const BAR_H = 26;
const GAP = 12;
const LABEL_W = 86;
const TRACK_W = 300;

/** Horizontal bar chart of unwaived findings by severity; numbers printed beside every bar. */
export function severityChart(counts: SeverityCounts): string {
  const max = Math.max(1, ...SEVERITIES.map((s) => counts[s]));
  const height = SEVERITIES.length * (BAR_H + GAP) - GAP;
  const width = LABEL_W + TRACK_W + 48;
  const bars = SEVERITIES.map((s, i) => {
    const y = i * (BAR_H + GAP);
    const w = counts[s] === 0 ? 0 : Math.max(4, Math.round((counts[s] / max) * TRACK_W));
    return [
      `<g data-testid="chart-bar-${s}" data-count="${counts[s]}">`,
      `<text x="0" y="${y + BAR_H / 2}" dy="0.35em" class="chart-label">${SEVERITY_LABEL[s]}</text>`,
      `<rect x="${LABEL_W}" y="${y}" width="${TRACK_W}" height="${BAR_H}" rx="4" class="chart-track"/>`,
      `<rect x="${LABEL_W}" y="${y}" width="${w}" height="${BAR_H}" rx="4" fill="${SEVERITY_COLOR[s]}"/>`,
      `<text x="${LABEL_W + w + 8}" y="${y + BAR_H / 2}" dy="0.35em" class="chart-value">${counts[s]}</text>`,
      "</g>",
    ].join("");
  });
  const desc = SEVERITIES.map((s) => `${SEVERITY_LABEL[s]} ${counts[s]}`).join(", ");
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title"><title id="chart-title">Unwaived findings by severity: ${desc}</title>${bars.join("")}</svg>`;
}
