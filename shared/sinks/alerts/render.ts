// One body for every channel, written against a tiny markup style (markup.ts), so plain text, the
// Markdown dialects (DingTalk, Feishu, WeCom) and Slack mrkdwn say the same thing in the same order.
// Lists are cut to what fits the platform's size limit, measured on the exact text the platform
// counts, and what was cut is summarised ("… and 190 more in the report").
import { formatTime, STATUS_TEXT } from "../../report/format.ts";
import type { AlertFinding, AlertMessage } from "./channel.ts";
import type { MarkupStyle } from "./markup.ts";

/** How many entries of each list a rendering shows; the rest are counted. */
export interface Shown {
  findings: number;
  unreadable: number;
  expired: number;
}

/** Chat messages stay readable: at most this many entries per list, whatever the size limit. */
export const LIST_LIMIT = 10;
const MAX_FIELD = 300;

/** Body lines (no title). The report line comes last. */
export function renderBody(m: AlertMessage, style: MarkupStyle, shown = fullShown(m)): string[] {
  const lines = head(m, style);
  if (m.alertingCount > 0) {
    lines.push("", style.bold(`New findings at or above ${m.minSeverity}: ${m.alertingCount}`));
    const listed = m.findings.slice(0, shown.findings);
    lines.push(...listed.map((x) => `- ${findingLine(x, style)}`));
    lines.push(...more(m.alertingCount - listed.length));
  }
  if (m.unreadable.length > 0) {
    lines.push("", style.bold(`Unreadable targets: ${m.unreadable.length}`));
    for (const u of m.unreadable.slice(0, shown.unreadable)) {
      const name = u.name ? ` (${u.name})` : "";
      const why = [u.code, u.message].filter((x) => x !== null).join(" ");
      lines.push(`- ${style.escape(clip(`${u.target}${name}: ${why || "unreadable"}`))}`);
    }
    lines.push(...more(m.unreadable.length - shown.unreadable));
  }
  if (m.expiredWaivers.length > 0) {
    lines.push("", style.bold(`Waivers expired: ${m.expiredWaivers.length}`));
    for (const w of m.expiredWaivers.slice(0, shown.expired)) {
      const owner = w.owner ? `, owner ${w.owner}` : "";
      lines.push(`- ${style.escape(clip(`${w.id} (expired ${w.expires}${owner}): ${w.reason}`))}`);
    }
    lines.push(...more(m.expiredWaivers.length - shown.expired));
  }
  lines.push("", reportLine(m.reportUrl, style));
  return lines;
}

function head(m: AlertMessage, style: MarkupStyle): string[] {
  const s = m.summary;
  const f = s.findings;
  const lines = [
    `${style.bold(STATUS_TEXT[m.status].label)} · run ${m.runId} · finished ${formatTime(m.finishedAt)}`,
    `Unwaived findings: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low` +
      ` (${s.new} new, ${s.persisting} persisting, ${s.resolved} resolved, ${s.waived} waived)`,
    `Targets: ${s.targets} audited, ${s.unreadable} unreadable`,
  ];
  if (m.delayed) {
    lines.push(
      `Delayed: first attempted ${formatTime(m.delayed.queuedAt)}, not accepted then (${m.delayed.reason})`,
    );
  }
  return style.joinsLines ? lines.flatMap((l, i) => (i === 0 ? [l] : ["", l])) : lines;
}

function more(n: number): string[] {
  return n > 0 ? [`- … and ${n} more in the report`] : [];
}

function findingLine(x: AlertFinding, style: MarkupStyle): string {
  const where = [x.target, x.principal, x.resource, x.field].filter((p) => p !== null).join(" · ");
  const how = [x.kind, x.direction].filter((p) => p !== null).join(", ");
  return `${style.bold(x.severity.toUpperCase())} ${style.escape(clip(`${where} (${how}): ${x.message}`))}`;
}

/** Only http(s) URLs become links; an s3:// URI or file path is text (chat apps cannot open it). */
export function reportLine(url: string | null, style: MarkupStyle): string {
  if (url === null) return "Report: not stored";
  return /^https?:\/\//.test(url)
    ? `Report: ${style.link(url, "open the report")}`
    : `Report: ${style.escape(url)}`;
}

/** Whether the message has a link a chat app can open (for a button). */
export function openableUrl(m: AlertMessage): string | null {
  return m.reportUrl !== null && /^https:\/\//.test(m.reportUrl) ? m.reportUrl : null;
}

// Applied before escaping, so an escape sequence is never cut in half.
function clip(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length > MAX_FIELD ? `${chars.slice(0, MAX_FIELD - 1).join("")}…` : text.trim();
}

function fullShown(m: AlertMessage): Shown {
  return {
    findings: Math.min(LIST_LIMIT, m.findings.length),
    unreadable: Math.min(LIST_LIMIT, m.unreadable.length),
    expired: Math.min(LIST_LIMIT, m.expiredWaivers.length),
  };
}

/**
 * The largest rendering whose measured size is within `limit`: lists shrink one entry at a time,
 * the longest list first, and each cut entry is counted in its list's "… and N more". `render` must
 * produce exactly what is sent (the whole request body, or the one field the platform limits), so
 * the limit holds on the real bytes. Throws when even the empty lists do not fit: a limit that small
 * is a bug, not an input.
 */
export function fitRendering(
  m: AlertMessage,
  limit: number,
  measure: (text: string) => number,
  render: (shown: Shown) => string,
): string {
  const shown = fullShown(m);
  for (;;) {
    const text = render(shown);
    if (measure(text) <= limit) return text;
    const key = longest(shown);
    if (key === null) throw new Error(`alert does not fit ${limit} even without lists`);
    shown[key]--;
  }
}

function longest(shown: Shown): keyof Shown | null {
  const keys = (Object.keys(shown) as Array<keyof Shown>).filter((k) => shown[k] > 0);
  if (keys.length === 0) return null;
  return keys.reduce((a, b) => (shown[b] > shown[a] ? b : a));
}

export const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
/** Slack counts characters; UTF-16 code units are never fewer than characters, so this is safe. */
export const charCount = (text: string) => text.length;
