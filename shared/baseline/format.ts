// The `validate` / `audit` console rendering of a validation failure: one line per issue, then a count.
import { formatIssue, type ValidationError } from "../errors.ts";

export function formatValidationReport(err: ValidationError): string {
  const count = err.issues.length;
  const lines = err.issues.map(formatIssue);
  lines.push(`${count} problem${count === 1 ? "" : "s"} found`);
  return lines.join("\n");
}
