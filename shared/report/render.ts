// Rendering a report in each stored format and export, and `rmq-drift report FILE.json --format …`.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { InputError, type InputIssue, ValidationError } from "../errors.ts";
import { EXPORT_FORMATS, type ExportFormat, renderExport } from "./exports/index.ts";
import { renderHtml } from "./render-html.ts";
import { renderMarkdown } from "./render-md.ts";
import { type Report, ReportSchema } from "./schema.ts";

export type ReportFormat = "md" | "html" | "json" | ExportFormat;

/** Every `--format` value, in the order help text lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["md", "html", "json", ...EXPORT_FORMATS];

/** The bytes stored as report.{json,md,html}; JSON is indented and newline-terminated for diffs. */
export function renderReport(
  report: Report,
  format: ReportFormat,
  options: { reportUrl?: string } = {},
): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "md":
      return renderMarkdown(report, options);
    case "html":
      return renderHtml(report);
    default:
      return renderExport(report, format);
  }
}

// A broken report usually has one cause; the first few issues name it without flooding the terminal.
const MAX_ISSUES = 10;

/** Parses and validates a stored report; every failure names the file. */
export function parseReport(text: string, file: string): Report {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const issue = { file, path: "", message: `not JSON: ${(cause as Error).message}` };
    throw new ValidationError(`invalid report ${file}`, [issue]);
  }
  const parsed = ReportSchema.safeParse(json);
  if (!parsed.success)
    throw new ValidationError(`invalid report ${file}`, toIssues(parsed.error, file));
  return parsed.data;
}

function toIssues(error: z.ZodError, file: string): InputIssue[] {
  const issues: InputIssue[] = error.issues.slice(0, MAX_ISSUES).map((i) => ({
    file,
    path: formatPath(i.path),
    message: i.message,
  }));
  const more = error.issues.length - issues.length;
  if (more > 0) issues.push({ file, path: "", message: `…and ${more} more problem(s)` });
  return issues;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

export async function renderReportFile(path: string, format: ReportFormat): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "read error";
    throw new InputError(`cannot read report ${path}: ${code}`, { cause });
  }
  return renderReport(parseReport(text, path), format);
}
