// One body for every channel, written against a tiny markup style, so plain text, Markdown (DingTalk,
// Feishu, WeCom) and Slack mrkdwn say the same thing in the same order.
import { formatTime, STATUS_TEXT } from "../../report/format.ts";
import type { AlertFinding, AlertMessage } from "./channel.ts";

export interface MarkupStyle {
  bold(text: string): string;
  link(url: string, label: string): string;
  /** Makes untrusted text (names, messages from the cloud) inert in this markup. */
  escape(text: string): string;
  /** Whether a single newline collapses (Markdown), so separate lines need a blank line between. */
  joinsLines: boolean;
}

export const PLAIN: MarkupStyle = {
  bold: (t) => t,
  link: (url) => url,
  escape: (t) => t,
  joinsLines: false,
};

// `<` `>` would let a principal name inject `<at>`/`<font>` tags (Feishu, WeCom); `*`, `[`, `]`, and
// backticks would restyle or fake links. `_` is left alone: identifiers are full of it and intraword
// underscores do not emphasise.
export const MARKDOWN: MarkupStyle = {
  bold: (t) => `**${t}**`,
  link: (url, label) => `[${label}](${url})`,
  escape: (t) =>
    t
      .replace(/[\\*`[\]]/g, "\\$&")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;"),
  joinsLines: true,
};

// Slack mrkdwn: only &, <, > need escaping; `<!channel>`-style mentions are thereby impossible.
export const SLACK: MarkupStyle = {
  bold: (t) => `*${t}*`,
  link: (url, label) => `<${url}|${label}>`,
  escape: (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  joinsLines: false,
};

const MAX_FIELD = 300;

/** Body lines (no title). The report line comes last so truncation can keep it. */
export function renderBody(m: AlertMessage, style: MarkupStyle): string[] {
  const s = m.summary;
  const f = s.findings;
  const head = [
    `${style.bold(STATUS_TEXT[m.status].label)} · run ${m.runId} · finished ${formatTime(m.finishedAt)}`,
    `Unwaived findings: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low` +
      ` (${s.new} new, ${s.persisting} persisting, ${s.resolved} resolved, ${s.waived} waived)`,
    `Targets: ${s.targets} audited, ${s.unreadable} unreadable`,
  ];
  const lines = style.joinsLines ? head.flatMap((l, i) => (i === 0 ? [l] : ["", l])) : head;
  if (m.alertingCount > 0) {
    lines.push("", style.bold(`New findings at or above ${m.minSeverity}: ${m.alertingCount}`));
    lines.push(...m.findings.map((x) => `- ${findingLine(x, style)}`));
    const more = m.alertingCount - m.findings.length;
    if (more > 0) lines.push(`- … and ${more} more in the report`);
  }
  if (m.unreadable.length > 0) {
    lines.push("", style.bold(`Unreadable targets: ${m.unreadable.length}`));
    for (const u of m.unreadable) {
      const name = u.name ? ` (${u.name})` : "";
      const why = [u.code, u.message].filter((x) => x !== null).join(" ");
      lines.push(`- ${style.escape(clip(`${u.target}${name}: ${why || "unreadable"}`))}`);
    }
  }
  if (m.expiredWaivers.length > 0) {
    lines.push("", style.bold(`Waivers expired: ${m.expiredWaivers.length}`));
    for (const w of m.expiredWaivers) {
      const owner = w.owner ? `, owner ${w.owner}` : "";
      lines.push(`- ${style.escape(clip(`${w.id} (expired ${w.expires}${owner}): ${w.reason}`))}`);
    }
  }
  lines.push("", m.reportUrl ? `Report: ${reportLink(m.reportUrl, style)}` : "Report: not stored");
  return lines;
}

function findingLine(x: AlertFinding, style: MarkupStyle): string {
  const where = [x.target, x.principal, x.resource, x.field].filter((p) => p !== null).join(" · ");
  const how = [x.kind, x.direction].filter((p) => p !== null).join(", ");
  return `${style.bold(x.severity.toUpperCase())} ${style.escape(clip(`${where} (${how}): ${x.message}`))}`;
}

// Only http(s) URLs become links; an s3:// or file path is shown as text (chat apps cannot open it).
function reportLink(url: string, style: MarkupStyle): string {
  return /^https?:\/\//.test(url) ? style.link(url, "open the report") : style.escape(url);
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_FIELD ? `${flat.slice(0, MAX_FIELD - 1)}…` : flat;
}

/**
 * Drops body lines from the end (keeping the final report line) until `measure` fits `limit`, and
 * says so. Cutting whole lines never splits a multi-byte character or a markup pair.
 */
export function fitLines(
  lines: string[],
  limit: number,
  measure: (text: string) => number,
): string {
  const full = lines.join("\n");
  if (measure(full) <= limit) return full;
  const last = lines[lines.length - 1] ?? "";
  const kept = lines.slice(0, -1);
  const note = "- … (truncated; see the report)";
  while (kept.length > 0 && measure([...kept, note, "", last].join("\n")) > limit) kept.pop();
  const text = [...kept, note, "", last].join("\n");
  return measure(text) <= limit ? text : clipTo(text, limit, measure);
}

// Last resort for absurd limits: cut characters (by code point) until it fits.
function clipTo(text: string, limit: number, measure: (text: string) => number): string {
  const chars = Array.from(text);
  while (chars.length > 0 && measure(`${chars.join("")}…`) > limit) chars.pop();
  return `${chars.join("")}…`;
}

export const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
export const charCount = (text: string) => text.length;
