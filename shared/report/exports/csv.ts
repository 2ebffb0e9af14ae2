// CSV export (RFC 4180): one row per finding, CRLF line ends, fields quoted where they must be.
import type { Report, ReportFinding } from "../schema.ts";
import { ruleId } from "./rule.ts";

const COLUMNS: Array<[string, (f: ReportFinding, r: Report) => string]> = [
  ["runId", (_f, r) => r.runId],
  ["id", (f) => f.id],
  ["ruleId", (f) => ruleId(f)],
  ["severity", (f) => f.severity],
  ["state", (f) => f.state],
  ["waiver", (f) => f.waiver?.id ?? ""],
  ["target", (f) => f.target],
  ["targetName", (f, r) => r.targets.find((t) => t.key === f.target)?.name ?? ""],
  ["principal", (f) => f.principal ?? ""],
  ["resource", (f) => f.resource ?? ""],
  ["field", (f) => f.field],
  ["kind", (f) => f.kind],
  ["direction", (f) => f.direction ?? ""],
  ["expected", (f) => json(f.expected)],
  ["actual", (f) => json(f.actual)],
  ["message", (f) => f.message],
  ["firstSeenAt", (f) => f.firstSeenAt],
  ["baselineLine", (f) => String(f.remediation?.location?.line ?? "")],
  ["revert", (f) => (f.remediation ? JSON.stringify(f.remediation.revert) : "")],
  ["accept", (f) => f.remediation?.accept ?? ""],
];

export function renderCsv(report: Report): string {
  const rows = [COLUMNS.map(([name]) => name)];
  for (const f of report.findings) rows.push(COLUMNS.map(([, cell]) => guard(cell(f, report))));
  return rows
    .map((row) => row.map(quote).join(","))
    .join("\r\n")
    .concat("\r\n");
}

function json(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

// Names come from the cloud: a principal called `=HYPERLINK(…)` must stay text in a spreadsheet
// (OWASP "CSV injection"), so a leading formula character is neutralised with an apostrophe.
function guard(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
