// The HTML report's secondary tables: resolved, waived, expired waivers, unreadable targets, targets,
// and the shards of a fan-out run.
import { SEVERITIES } from "../model/finding.ts";
import { formatDuration, formatTime, targetCounts, waived } from "./format.ts";
import {
  diffHtml,
  esc,
  ident,
  identOrDash,
  orDash,
  SEVERITY_COLOR,
  severityBadge,
} from "./html-parts.ts";
import type { Report } from "./schema.ts";

function simpleTable(testid: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${h}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<div class="table-wrap"><table data-testid="${testid}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function section(id: string, title: string, count: number, intro: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title} <span class="count">${count}</span></h2>${intro ? `<p class="intro">${intro}</p>` : ""}${body}</section>`;
}

export function resolvedSection(r: Report): string {
  const rows = r.resolved.map((f) => [
    f.severity ? severityBadge(f.severity) : orDash(null),
    `<span class="mono">${ident(f.target)}</span>`,
    `<span class="mono">${identOrDash(f.principal)}</span>`,
    `<span class="mono">${identOrDash(f.resource)}</span>`,
    esc(f.field),
    esc(formatTime(f.firstSeenAt)),
  ]);
  const body = rows.length
    ? simpleTable(
        "resolved-table",
        ["Severity", "Target", "Principal", "Resource", "Field", "First seen"],
        rows,
      )
    : '<p class="empty">Nothing resolved since the previous run.</p>';
  return section("resolved", "Resolved since the previous run", rows.length, "", body);
}

export function waivedSection(r: Report): string {
  const rows = waived(r).map((f) => [
    severityBadge(f.severity),
    `<span class="mono">${ident(f.target)}</span><br><span class="mono">${identOrDash(f.principal)}</span> <span class="mono muted">${ident(f.resource ?? "")}</span>`,
    `${esc(f.field)}${diffHtml(f)}`,
    `<strong>${esc(f.waiver?.id)}</strong>`,
    esc(f.waiver?.reason),
    orDash(f.waiver?.owner),
    esc(f.waiver?.expires),
  ]);
  const body = rows.length
    ? simpleTable(
        "waived-table",
        ["Severity", "Where", "Change", "Waiver", "Reason", "Owner", "Expires"],
        rows,
      )
    : '<p class="empty">No waived findings.</p>';
  return section(
    "waived",
    "Waived findings",
    rows.length,
    "Accepted by a current waiver: not counted in the status or the totals.",
    body,
  );
}

export function expiredSection(r: Report): string {
  const rows = r.expiredWaivers.map((w) => [
    `<strong>${esc(w.id)}</strong>`,
    `<span class="mono">${ident(w.target)}</span>`,
    `<span class="mono">${identOrDash(w.principal)}</span>`,
    `<span class="mono">${identOrDash(w.resource)}</span>`,
    orDash(w.field),
    esc(w.reason),
    orDash(w.owner),
    esc(w.expires),
  ]);
  const body = rows.length
    ? simpleTable(
        "expired-table",
        ["Waiver", "Target", "Principal", "Resource", "Field", "Reason", "Owner", "Expired"],
        rows,
      )
    : '<p class="empty">None.</p>';
  return section(
    "expired-waivers",
    "Expired waivers",
    rows.length,
    rows.length ? "These waivers no longer apply to anything; renew or remove them." : "",
    body,
  );
}

/** Warnings and unused waivers: shown only when there are some. */
export function notesSection(r: Report): string {
  const warnings = r.warnings ?? [];
  const unused = r.unusedWaivers ?? [];
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`;
  return [
    warnings.length
      ? section("warnings", "Warnings", warnings.length, "", list(warnings.map((w) => w.message)))
      : "",
    unused.length
      ? section(
          "unused-waivers",
          "Unused waivers",
          unused.length,
          "Unexpired, but matched no finding in this full audit; remove them if the drift is gone.",
          list(unused),
        )
      : "",
  ].join("");
}

export function unreadableSection(r: Report): string {
  const rows = r.targets
    .filter((t) => t.status === "unreadable")
    .map((t) => [
      `<span class="mono">${ident(t.key)}</span>`,
      `<span class="mono">${orDash(t.error?.code)}</span>`,
      orDash(t.error?.message),
      orDash(t.error?.httpStatus),
      orDash(t.error?.call),
      `<span class="mono">${orDash(t.error?.requestId)}</span>`,
    ]);
  const body = rows.length
    ? simpleTable(
        "unreadable-table",
        ["Target", "Code", "Message", "HTTP status", "Call", "Request id"],
        rows,
      )
    : '<p class="empty">None: every target was read.</p>';
  return section(
    "unreadable",
    "Unreadable targets",
    rows.length,
    rows.length ? "Drift on these targets is unknown, not absent." : "",
    body,
  );
}

export function targetsSection(r: Report): string {
  const rows = r.targets.map((t) => {
    const c = targetCounts(r, t.key);
    return [
      `<span class="mono">${ident(t.key)}</span>${t.name ? `<br><span class="muted small">${esc(t.name)}</span>` : ""}`,
      `<span class="tag tag-target-${t.status}">${t.status}</span>`,
      String(t.principals),
      String(t.entries),
      ...SEVERITIES.map((s) =>
        c[s] ? `<strong style="color:${SEVERITY_COLOR[s]}">${c[s]}</strong>` : "0",
      ),
      String(t.apiCalls),
      esc(formatDuration(t.durationMs)),
      t.error
        ? `<span class="mono">${esc(t.error.code)}</span> ${esc(t.error.message)}`
        : orDash(null),
    ];
  });
  const head = [
    "Target",
    "Status",
    "Principals",
    "Entries",
    "Critical",
    "High",
    "Medium",
    "Low",
    "API calls",
    "Duration",
    "Error",
  ];
  return section("targets", "Targets", rows.length, "", simpleTable("targets-table", head, rows));
}

/** Fan-out runs: which shard collected how many targets, and which never came back. */
export function shardsSection(r: Report): string {
  if (!r.shards) return "";
  const missing = r.shards.filter((s) => s.status === "missing").length;
  const rows = r.shards.map((s) => [
    String(s.n),
    String(s.targets),
    `<span class="tag tag-target-${s.status === "ok" ? "ok" : "unreadable"}">${s.status}</span>`,
    s.durationMs === null ? orDash(null) : esc(formatDuration(s.durationMs)),
  ]);
  const intro = missing
    ? `${missing} shard(s) never arrived: their targets are unreadable (<span class="mono">ShardTimeout</span>).`
    : "Every shard arrived.";
  const head = ["Shard", "Targets", "Status", "Duration"];
  return section("shards", "Shards", rows.length, intro, simpleTable("shards-table", head, rows));
}
