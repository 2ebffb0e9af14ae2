// Baseline loading in three stages (YAML → schema → semantic checks); every problem is reported at
// once, each at the line:column of the YAML node it is about. A valid baseline takes the fast
// parse (no positioned tree); only a baseline with problems is parsed again with positions.
import { createHash } from "node:crypto";
import { InputError, type InputIssue, ValidationError } from "../errors.ts";
import { formatPath, type PathIssue, type PathSegment } from "../model/path.ts";
import { baselineWarnings, checkBaseline, partsOf } from "./check.ts";
import { type BaselineReadOptions, baselineSize, readBaselineBytes } from "./read-file.ts";
import { salvageParts } from "./salvage.ts";
import { type Baseline, BaselineSchema } from "./schema.ts";
import {
  type Position,
  type PositionedProblem,
  parseYamlSource,
  type YamlSource,
} from "./yaml-doc.ts";
import { parseYamlFast } from "./yaml-fast.ts";
import { describeZodIssues } from "./zod-issues.ts";

export interface LoadedBaseline {
  baseline: Baseline;
  /** Where it came from: a path, an `s3://` URL, or another label. */
  source: string;
  /** SHA-256 (hex) of the raw bytes, recorded in reports. */
  sha256: string;
  /** Positioned problems that do not stop an audit (a waiver matching no target). */
  warnings: BaselineWarning[];
  /** Line and column of a document path (remediation locations, SARIF); see MAX_LOCATED_BYTES. */
  locate?: (path: readonly PathSegment[]) => Position | undefined;
}

export interface BaselineWarning extends InputIssue {
  /** Stable name of the kind of warning, e.g. `WaiverMatchesNoTarget`. */
  code: string;
}

/**
 * Largest baseline accepted, in bytes: about 2,000,000 grants (1,000,000 take 69 MB and about
 * 450 MiB to parse); parsing a file beyond it would risk the process's memory.
 */
export const MAX_BASELINE_BYTES = 128 * 1024 * 1024;

/**
 * Largest baseline whose findings get line numbers (remediation locations, SARIF): the positioned
 * tree is built on first use only, but costs ~80 bytes per byte of YAML; above this, lines are null.
 */
export const MAX_LOCATED_BYTES = 4 * 1024 * 1024;

/** Largest baseline whose problems are reported with line:column (see `validateBaselineText`). */
export const MAX_POSITIONED_BYTES = 16 * 1024 * 1024;

/** Parses and validates baseline text; throws one `ValidationError` listing every problem. */
export function parseBaseline(text: string, source: string): LoadedBaseline {
  const bytes = Buffer.from(text, "utf8");
  checkSize(bytes.length, source);
  return cachedParse(source, sha256(bytes), () => text);
}

export async function loadBaselineFile(
  path: string,
  options: BaselineReadOptions = {},
): Promise<LoadedBaseline> {
  let bytes: Buffer;
  try {
    // Checked before reading: a multi-gigabyte file is refused without being loaded.
    checkSize(await baselineSize(path, options), path);
    bytes = await readBaselineBytes(path, options);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const { code, message } = err as NodeJS.ErrnoException;
    const reason = code === "ETIMEDOUT" ? message : (code ?? String(err));
    throw new InputError(`cannot read baseline ${path}: ${reason}`, { cause: err });
  }
  return parseBaselineBytes(bytes, path);
}

function checkSize(bytes: number, source: string): void {
  if (bytes <= MAX_BASELINE_BYTES) return;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  throw new InputError(
    `baseline ${source} is ${mib(bytes)}, above the ${mib(MAX_BASELINE_BYTES)} limit: split it into several baselines (one per team or cloud account) and audit each`,
  );
}

/** For sources read as bytes (files, S3 objects): the digest is of exactly those bytes. */
export function parseBaselineBytes(bytes: Uint8Array, source: string): LoadedBaseline {
  checkSize(bytes.length, source);
  return cachedParse(source, sha256(bytes), () => {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (err) {
      throw new InputError(`baseline ${source} is not UTF-8 text`, { cause: err });
    }
  });
}

/**
 * The last baseline parsed, by source and checksum: `serve` and warm functions audit the same file
 * on every request, and an unchanged one is not parsed and validated again. Only a valid baseline
 * is kept, frozen.
 */
let lastParsed: LoadedBaseline | undefined;

function cachedParse(source: string, digest: string, text: () => string): LoadedBaseline {
  if (lastParsed?.source === source && lastParsed.sha256 === digest) return lastParsed;
  // Frozen: one run changing the shared copy would change every later run's baseline.
  lastParsed = deepFreeze(parseWithDigest(text(), source, digest));
  return lastParsed;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function parseWithDigest(text: string, source: string, digest: string): LoadedBaseline {
  const { baseline, issues, warnings } = validateBaselineText(text, source);
  if (!baseline || issues.length > 0) {
    const unlined =
      text.length > MAX_POSITIONED_BYTES
        ? ` (above ${MAX_POSITIONED_BYTES / 1024 / 1024} MiB: problems are named by path, without line numbers)`
        : "";
    throw new ValidationError(`invalid baseline ${source}${unlined}`, issues);
  }
  return { baseline, source, sha256: digest, warnings, locate: lazyLocate(text) };
}

// A valid baseline takes the fast parse, which has no positions: they are parsed when first asked for.
function lazyLocate(text: string): LoadedBaseline["locate"] {
  if (text.length > MAX_LOCATED_BYTES) return () => undefined;
  let yaml: YamlSource | undefined;
  return (path) => {
    yaml ??= parseYamlSource(text);
    return yaml.locate({ path, at: keyOrItem(path) });
  };
}

// A map entry is located at its key (where a reader looks for it), a list item at the item itself.
function keyOrItem(path: readonly PathSegment[]): "key" | "value" {
  return typeof path.at(-1) === "string" ? "key" : "value";
}

function validateBaselineText(
  text: string,
  source: string,
): { baseline: Baseline | undefined; issues: InputIssue[]; warnings: BaselineWarning[] } {
  const fast = parseYamlFast(text);
  const valid = validFast(fast);
  if (valid) return { baseline: valid, issues: [], warnings: [] };
  // Positions cost a node tree of ~80 bytes per byte of YAML (1.6 GiB for 18 MB): beyond a size,
  // problems are named by path only rather than risk the process's memory.
  const yaml = text.length > MAX_POSITIONED_BYTES ? fast : parseYamlSource(text);
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

/**
 * The baseline when the fast parse finds nothing to report, not even a warning; undefined sends it
 * the positioned way, so every problem and warning gets its line.
 */
function validFast(yaml: YamlSource): Baseline | undefined {
  if (yaml.fatal || yaml.value === null || yaml.value === undefined) return undefined;
  const parsed = BaselineSchema.safeParse(yaml.value);
  if (!parsed.success) return undefined;
  const parts = partsOf(parsed.data);
  if (checkBaseline(parts).length > 0 || baselineWarnings(parts).length > 0) return undefined;
  return parsed.data;
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
