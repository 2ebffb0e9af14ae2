// Baseline builders and checkers: YAML fixtures, and the loader's issues as the CLI prints them.

import { parseBaseline } from "../../shared/baseline/load.ts";
import { formatIssue, ValidationError } from "../../shared/errors.ts";

export const FILE = "policies/test.yaml";

/** `file:line:col  path  message` for every problem, or [] when the baseline is valid. */
export function problemsOf(text: string): string[] {
  try {
    parseBaseline(text, FILE);
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map(formatIssue);
    throw err;
  }
}

/** `file:line:col  path  message` for every warning of a valid baseline. */
export function warningsOf(text: string): string[] {
  return parseBaseline(text, FILE).warnings.map(formatIssue);
}

/** Joins lines so YAML fixtures read as YAML in the test source. */
export function yaml(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}
