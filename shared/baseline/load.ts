// Baseline loading in three stages (YAML → schema → semantic checks); every problem is reported at
// once, each at the line:column of the YAML node it is about.
import { createHash } from "node:crypto";
import { InputError, type InputIssue, ValidationError } from "../errors.ts";
import { baselineWarnings, checkBaseline, partsOf } from "./check.ts";
import { formatPath, type PathIssue } from "./path.ts";
import { type BaselineReadOptions, readBaselineBytes } from "./read-file.ts";
import { salvageParts } from "./salvage.ts";
import { type Baseline, BaselineSchema } from "./schema.ts";
import { type PositionedProblem, parseYamlSource } from "./yaml-doc.ts";
import { describeZodIssues } from "./zod-issues.ts";

export interface LoadedBaseline {
  baseline: Baseline;
  /** Where it came from: a path, an `s3://` URL, or another label. */
  source: string;
  /** SHA-256 (hex) of the raw bytes, recorded in reports. */
  sha256: string;
  /** Positioned problems that do not stop an audit (a waiver matching no target). */
  warnings: BaselineWarning[];
}

export interface BaselineWarning extends InputIssue {
  /** Stable name of the kind of warning, e.g. `WaiverMatchesNoTarget`. */
  code: string;
}

/** Parses and validates baseline text; throws one `ValidationError` listing every problem. */
export function parseBaseline(text: string, source: string): LoadedBaseline {
  return parseWithDigest(text, source, sha256(Buffer.from(text, "utf8")));
}

export async function loadBaselineFile(
  path: string,
  options: BaselineReadOptions = {},
): Promise<LoadedBaseline> {
  let bytes: Buffer;
  try {
    bytes = await readBaselineBytes(path, options);
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    const reason = code === "ETIMEDOUT" ? message : (code ?? String(err));
    throw new InputError(`cannot read baseline ${path}: ${reason}`, { cause: err });
  }
  return parseBaselineBytes(bytes, path);
}

/** For sources read as bytes (files, S3 objects): the digest is of exactly those bytes. */
export function parseBaselineBytes(bytes: Uint8Array, source: string): LoadedBaseline {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (err) {
    throw new InputError(`baseline ${source} is not UTF-8 text`, { cause: err });
  }
  return parseWithDigest(text, source, sha256(bytes));
}

function parseWithDigest(text: string, source: string, digest: string): LoadedBaseline {
  const { baseline, issues, warnings } = validateBaselineText(text, source);
  if (!baseline || issues.length > 0) {
    throw new ValidationError(`invalid baseline ${source}`, issues);
  }
  return { baseline, source, sha256: digest, warnings };
}

function validateBaselineText(
  text: string,
  source: string,
): { baseline: Baseline | undefined; issues: InputIssue[]; warnings: BaselineWarning[] } {
  const yaml = parseYamlSource(text);
  const problems = [...yaml.problems];
  const place = (issue: PathIssue): PositionedProblem => ({
    path: issue.path,
    message: issue.message,
    position: yaml.locate(issue),
  });
  let baseline: Baseline | undefined;
  const warnings: BaselineWarning[] = [];
  if (!yaml.fatal && (yaml.value === null || yaml.value === undefined)) {
    problems.push({
      path: [],
      message: "the baseline is empty (expected a map with version and targets)",
      position: { line: 1, column: 1 },
    });
  } else if (!yaml.fatal) {
    const parsed = BaselineSchema.safeParse(yaml.value, { reportInput: true });
    if (!parsed.success) {
      problems.push(
        ...describeZodIssues(parsed.error.issues, BaselineSchema, yaml.value).map(place),
      );
    }
    baseline = parsed.success ? parsed.data : undefined;
    const parts = baseline ? partsOf(baseline) : salvageParts(yaml.value);
    const lineOf = (path: PathIssue["path"]) => yaml.locate({ path })?.line;
    problems.push(...checkBaseline(parts, lineOf).map(place));
    for (const warning of baselineWarnings(parts)) {
      warnings.push({ code: warning.code, ...toInputIssue(place(warning), source) });
    }
  }
  const issues = sortProblems(problems).map((p) => toInputIssue(p, source));
  return { baseline, issues, warnings };
}

function sortProblems(problems: PositionedProblem[]): PositionedProblem[] {
  const rank = (p: PositionedProblem) =>
    p.position ? p.position.line * 1e6 + p.position.column : Number.MAX_SAFE_INTEGER;
  const seen = new Set<string>();
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p)
    .filter((p) => {
      const key = `${rank(p)} ${formatPath(p.path)} ${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function toInputIssue(p: PositionedProblem, file: string): InputIssue {
  return {
    file,
    ...(p.position ? { line: p.position.line, column: p.position.column } : {}),
    path: formatPath(p.path),
    message: p.message,
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
