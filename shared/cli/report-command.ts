// `rmq-drift report FILE.json --format md|html|json|csv|ocsf|junit|sarif`: re-render or export a
// stored report.
import { writeFile } from "node:fs/promises";
import { REPORT_FORMATS, type ReportFormat, renderReportFile } from "../report/render.ts";
import { HELP, parseCommand, UsageError } from "./args.ts";
import type { CliIO } from "./io.ts";

export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(
    "report",
    argv,
    { format: { type: "string" }, out: { type: "string" } },
    true,
  );
  if (values.help) {
    io.stdout(`${HELP.report}\n`);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UsageError("report: expected exactly one FILE.json");
  const format = (values.format ?? "md").toLowerCase();
  if (!isReportFormat(format)) {
    throw new UsageError(
      `report: --format must be one of ${REPORT_FORMATS.join(", ")}, got "${values.format}"`,
    );
  }
  const text = await renderReportFile(file, format);
  if (values.out) {
    await writeFile(values.out, text);
    io.stderr(`wrote ${values.out}\n`);
  } else {
    io.stdout(text);
  }
  return 0;
}

function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
