// The Markdown report's "How to fix" section: for each unwaived finding, the revert operations and the
// baseline fragment that would accept the cloud, in code blocks a reader can copy.
import { SEVERITIES } from "../model/finding.ts";
import { SEVERITY_LABEL, unwaived } from "./format.ts";
import { locationText, revertText } from "./remediation-text.ts";
import type { Report, ReportFinding } from "./schema.ts";
import { visible } from "./visible.ts";

const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|[^\P{Zs} ]/u;

type Escape = (text: string) => string;

/** "" when there is nothing to fix (the caller drops empty sections). */
export function fixSection(report: Report, escapeMd: Escape): string {
  const items = SEVERITIES.flatMap((sev) =>
    unwaived(report).filter(
      (f) =>
        f.severity === sev &&
        f.remediation &&
        (f.remediation.revert.length > 0 || f.remediation.accept !== null),
    ),
  );
  if (items.length === 0) return "";
  const parts = [
    "## How to fix",
    "Each finding can be fixed either way: revert the cloud to the baseline (the API requests below; " +
      "rmq-drift never runs them, and values in <angle brackets> are yours to fill in), or accept the " +
      "cloud's state by changing the baseline.",
  ];
  for (const f of items) parts.push(item(f, escapeMd));
  return parts.join("\n\n");
}

function item(f: ReportFinding, escapeMd: Escape): string {
  const r = f.remediation;
  const where = [f.target, f.principal, f.resource].filter(Boolean).join(" › ");
  const lines = [`### ${SEVERITY_LABEL[f.severity]}: ${escapeMd(where)} · ${f.field} ${f.kind}`];
  if (r && r.revert.length > 0) lines.push("Revert:", fence(revertText(r.revert), "http"));
  if (r && r.accept !== null) {
    const at = locationText(r);
    lines.push(`Or accept${at ? ` (${escapeMd(at)})` : ""}:`, fence(r.accept.trimEnd(), "yaml"));
  }
  return lines.join("\n\n");
}

// A fence longer than any backtick run inside, so names from the cloud cannot close the block early.
// A line holding a control, bidi or invisible character shows it escaped (`visible`): what is copied
// must be what is seen. Other lines stay exact, so a copied request or fragment works as it is.
function fence(raw: string, lang: string): string {
  const text = raw
    .split("\n")
    .map((line) => (INVISIBLE.test(line) ? visible(line) : line))
    .join("\n");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const mark = "`".repeat(Math.max(3, longest + 1));
  return `${mark}${lang}\n${text}\n${mark}`;
}
