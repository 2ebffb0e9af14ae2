// The Markdown report: for pull requests, chat messages and anyone reading report.md as text.
import { SEVERITIES } from "../model/finding.ts";
import { diffLines, diffValues } from "./diff.ts";
import {
  formatDuration,
  formatTime,
  runDurationMs,
  SEVERITY_LABEL,
  STATUS_TEXT,
  shortSha,
  targetCounts,
  totalOf,
  unwaived,
  waived,
} from "./format.ts";
import { fixSection } from "./md-fix.ts";
import type { Report, ReportFinding } from "./schema.ts";
import { visible } from "./visible.ts";

export interface MarkdownOptions {
  /** Where the full (HTML) report lives; linked under the title. */
  reportUrl?: string;
}

const STATUS_MARK = { clean: "🟢", drift: "🔴", incomplete: "🟠" } as const;

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const sections = [
    header(report, options),
    summary(report),
    findingsSection(report),
    fixSection(report, escapeMd),
    resolvedSection(report),
    waivedSection(report),
    expiredSection(report),
    notesSection(report),
    unreadableSection(report),
    targetsSection(report),
    shardsSection(report),
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

/**
 * Text made safe for Markdown: no markup, table breaks, code spans or raw HTML can come from data,
 * and control, bidi and invisible characters (newlines included) show as escapes (`visible`).
 */
export function escapeMd(text: string): string {
  return visible(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~])/g, "\\$1");
}

/** Free text the baseline's author wrote over several lines (a waiver's reason): lines kept. */
function escapeMdLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeMd)
    .join("<br>");
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

const opt = (v: string | null | undefined) => (v === null || v === undefined ? "—" : escapeMd(v));

function header(r: Report, o: MarkdownOptions): string {
  const s = STATUS_TEXT[r.status];
  const lines = [
    `# RocketMQ permission drift: ${STATUS_MARK[r.status]} **${s.label}**`,
    "",
    escapeMd(s.meaning),
    "",
    `- Run: ${escapeMd(r.runId)} (${r.trigger})`,
    `- Started: ${formatTime(r.startedAt)}, took ${formatDuration(runDurationMs(r))}`,
    `- Baseline: ${escapeMd(r.baseline.source)} (sha256 ${escapeMd(shortSha(r.baseline.sha256))})`,
    `- Tool: ${escapeMd(r.tool.name)} ${escapeMd(r.tool.version)}`,
  ];
  if (o.reportUrl)
    lines.push(`- Full report: <${o.reportUrl.replace(/[<>\s]/g, encodeURIComponent)}>`);
  return lines.join("\n");
}

function summary(r: Report): string {
  const s = r.summary;
  const f = s.findings;
  const rows = [
    ["Targets", `${s.targets} (${s.unreadable} unreadable)`],
    ["Principals / entries read", `${s.principals} / ${s.entries}`],
    [
      "Unwaived findings",
      `${totalOf(f)}: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low`,
    ],
    ["New / persisting", `${s.new} / ${s.persisting}`],
    ["Resolved since last run", String(s.resolved)],
    ["Waived", String(s.waived)],
    ["Expired waivers", String(r.expiredWaivers.length)],
  ];
  return `## Summary\n\n${table(["Metric", "Count"], rows)}`;
}

function change(f: ReportFinding): string {
  if (f.kind === "unreadable") return "—";
  return (
    diffLines(diffValues(f.field, f.expected, f.actual))
      .map(escapeMd)
      .join("<br>") || "—"
  );
}

function findingsSection(r: Report): string {
  const open = unwaived(r);
  if (open.length === 0) return "## Findings\n\nNo unwaived findings.";
  const parts = ["## Findings"];
  for (const sev of SEVERITIES) {
    const rows = open.filter((f) => f.severity === sev);
    if (rows.length === 0) continue;
    parts.push(
      `### ${SEVERITY_LABEL[sev]} (${rows.length})`,
      table(
        [
          "State",
          "Target",
          "Principal",
          "Resource",
          "Field",
          "Kind",
          "Direction",
          "Expected → actual",
          "Message",
          "First seen",
        ],
        rows.map((f) => [
          f.state === "new" ? "**new**" : "persisting",
          escapeMd(f.target),
          opt(f.principal),
          opt(f.resource),
          f.field,
          f.kind,
          f.direction ?? "—",
          change(f),
          escapeMd(f.message),
          formatTime(f.firstSeenAt),
        ]),
      ),
    );
  }
  return parts.join("\n\n");
}

function resolvedSection(r: Report): string {
  if (r.resolved.length === 0) return "## Resolved\n\nNothing resolved since the previous run.";
  const rows = r.resolved.map((f) => [
    f.severity ?? "—",
    escapeMd(f.target),
    opt(f.principal),
    opt(f.resource),
    f.field,
    formatTime(f.firstSeenAt),
  ]);
  return `## Resolved (${rows.length})\n\n${table(["Severity", "Target", "Principal", "Resource", "Field", "First seen"], rows)}`;
}

function waivedSection(r: Report): string {
  const list = waived(r);
  if (list.length === 0) return "## Waived\n\nNo waived findings.";
  const rows = list.map((f) => [
    f.severity,
    escapeMd(f.target),
    opt(f.principal),
    opt(f.resource),
    f.field,
    change(f),
    escapeMd(f.waiver?.id ?? ""),
    escapeMdLines(f.waiver?.reason ?? ""),
    opt(f.waiver?.owner),
    escapeMd(f.waiver?.expires ?? ""),
  ]);
  const head = [
    "Severity",
    "Target",
    "Principal",
    "Resource",
    "Field",
    "Expected → actual",
    "Waiver",
    "Reason",
    "Owner",
    "Expires",
  ];
  return `## Waived (${rows.length})\n\nNot counted in the status or the totals above.\n\n${table(head, rows)}`;
}

function expiredSection(r: Report): string {
  if (r.expiredWaivers.length === 0) return "## Expired waivers\n\nNone.";
  const rows = r.expiredWaivers.map((w) => [
    escapeMd(w.id),
    escapeMd(w.target),
    opt(w.principal),
    opt(w.resource),
    opt(w.field),
    escapeMdLines(w.reason),
    opt(w.owner),
    escapeMd(w.expires),
  ]);
  const head = ["Waiver", "Target", "Principal", "Resource", "Field", "Reason", "Owner", "Expired"];
  return `## Expired waivers (${rows.length})\n\nThese waivers no longer apply to anything; renew or remove them.\n\n${table(head, rows)}`;
}

/** Warnings and unused waivers: shown only when there are some. */
function notesSection(r: Report): string {
  const warnings = (r.warnings ?? []).map((w) => `- ${escapeMd(w.message)}`);
  const unused = (r.unusedWaivers ?? []).map((id) => `- ${escapeMd(id)}`);
  const parts = [
    warnings.length ? `## Warnings (${warnings.length})\n\n${warnings.join("\n")}` : "",
    unused.length
      ? `## Unused waivers (${unused.length})\n\nUnexpired, but matched no finding in this full audit; remove them if the drift is gone.\n\n${unused.join("\n")}`
      : "",
  ];
  return parts.filter((p) => p !== "").join("\n\n");
}

function unreadableSection(r: Report): string {
  const list = r.targets.filter((t) => t.status === "unreadable");
  if (list.length === 0) return "## Unreadable targets\n\nNone: every target was read.";
  const rows = list.map((t) => [
    escapeMd(t.key),
    opt(t.error?.code),
    opt(t.error?.message),
    t.error?.httpStatus == null ? "—" : String(t.error.httpStatus),
    opt(t.error?.call),
    opt(t.error?.requestId),
  ]);
  const head = ["Target", "Code", "Message", "HTTP status", "Call", "Request id"];
  return `## Unreadable targets (${rows.length})\n\nDrift on these targets is unknown, not absent.\n\n${table(head, rows)}`;
}

function targetsSection(r: Report): string {
  const rows = r.targets.map((t) => {
    const c = targetCounts(r, t.key);
    return [
      escapeMd(t.key),
      opt(t.name),
      t.status,
      String(t.principals),
      String(t.entries),
      ...SEVERITIES.map((s) => String(c[s])),
      String(t.apiCalls),
      formatDuration(t.durationMs),
    ];
  });
  const head = [
    "Target",
    "Name",
    "Status",
    "Principals",
    "Entries",
    "Critical",
    "High",
    "Medium",
    "Low",
    "API calls",
    "Duration",
  ];
  return `## Targets (${rows.length})\n\n${table(head, rows)}`;
}

/** Fan-out runs: which shard collected how many targets, and which never came back. */
function shardsSection(r: Report): string {
  if (!r.shards) return "";
  const missing = r.shards.filter((s) => s.status === "missing").length;
  const rows = r.shards.map((s) => [
    String(s.n),
    String(s.targets),
    s.status,
    s.durationMs === null ? "—" : formatDuration(s.durationMs),
  ]);
  const note = missing
    ? `${missing} shard(s) never arrived: their targets are unreadable (\`ShardTimeout\`).`
    : "Every shard arrived.";
  return `## Shards (${rows.length})\n\n${note}\n\n${table(["Shard", "Targets", "Status", "Duration"], rows)}`;
}
