// The export formats (DESIGN.md §6): `rmq-drift report FILE --format …` and `RMQ_DRIFT_EXPORTS`.
import type { Report } from "../schema.ts";
import { renderCsv } from "./csv.ts";
import { renderJunit } from "./junit.ts";
import { renderOcsf } from "./ocsf.ts";
import { renderSarif } from "./sarif.ts";

export const EXPORT_FORMATS = ["csv", "ocsf", "junit", "sarif"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File name beside `report.json` and content type, per format. */
export const EXPORT_FILES: Record<ExportFormat, { name: string; contentType: string }> = {
  csv: { name: "report.csv", contentType: "text/csv; charset=utf-8; header=present" },
  ocsf: { name: "report.ocsf.jsonl", contentType: "application/x-ndjson; charset=utf-8" },
  junit: { name: "report.junit.xml", contentType: "application/xml; charset=utf-8" },
  sarif: { name: "report.sarif.json", contentType: "application/sarif+json; charset=utf-8" },
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export function renderExport(report: Report, format: ExportFormat): string {
  switch (format) {
    case "csv":
      return renderCsv(report);
    case "ocsf":
      return renderOcsf(report);
    case "junit":
      return renderJunit(report);
    case "sarif":
      return renderSarif(report);
  }
}
