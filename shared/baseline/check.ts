// Semantic checks (DESIGN.md §3): what holds across entries — unique targets and waiver ids — plus
// the per-target value checks in check-target.ts, and the warnings (waivers that point at nothing).
import { globMatch } from "../drift/glob.ts";
import { FIELDS } from "../model/finding.ts";
import { targetKey } from "../model/snapshot.ts";
import { checkTarget, type LineOf } from "./check-target.ts";
import type { PathIssue, PathSegment } from "./path.ts";
import type { Baseline, BaselineTarget, Waiver } from "./schema.ts";

export type { LineOf } from "./check-target.ts";

/** An element of a baseline list with its index in the document. */
export interface Indexed<T> {
  index: number;
  value: T;
}

/** The schema-valid targets and waivers of a baseline, which may have invalid siblings. */
export interface BaselineParts {
  targets: Indexed<BaselineTarget>[];
  waivers: Indexed<Waiver>[];
  /** False when some target failed the schema: then "matches no target" could be a false alarm. */
  allTargetsValid: boolean;
}

export function partsOf(baseline: Baseline): BaselineParts {
  return {
    targets: baseline.targets.map((value, index) => ({ index, value })),
    waivers: (baseline.waivers ?? []).map((value, index) => ({ index, value })),
    allTargetsValid: true,
  };
}

export function checkBaseline(parts: BaselineParts, lineOf: LineOf = () => undefined): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const { index, value } of parts.targets) {
    issues.push(...checkTarget(value, ["targets", index], lineOf));
  }
  issues.push(
    ...findDuplicates(parts.targets, {
      keyOf: (t) => targetKey(t),
      pathOf: (index) => ["targets", index],
      message: (key, where) => `duplicate target ${key} (first defined at ${where})`,
      lineOf,
    }),
    ...findDuplicates(parts.waivers, {
      keyOf: (w) => w.id,
      pathOf: (index) => ["waivers", index, "id"],
      message: (id, where) =>
        `duplicate waiver id ${JSON.stringify(id)} (first defined at ${where})`,
      lineOf,
    }),
  );
  for (const { index, value } of parts.waivers) issues.push(...checkWaiver(value, index));
  return issues;
}

/**
 * What is worth saying but must not stop an audit: a waiver whose `target` matches no target (a
 * stale waiver left behind when an instance was retired). Skipped when some target failed its
 * schema, since the waiver may be meant for that one.
 */
export function baselineWarnings(parts: BaselineParts): Array<PathIssue & { code: string }> {
  if (!parts.allTargetsValid) return [];
  const keys = parts.targets.map((t) => targetKey(t.value));
  // The drift engine's own glob, so "matches no target" agrees with what the waiver will match.
  return parts.waivers
    .filter(({ value }) => !keys.some((key) => globMatch(value.target, key)))
    .map(({ index, value }) => ({
      code: "WaiverMatchesNoTarget",
      path: ["waivers", index, "target"],
      message: `waiver ${JSON.stringify(value.id)}: ${JSON.stringify(value.target)} matches no target in this baseline`,
    }));
}

interface DuplicateRule<T> {
  keyOf: (item: T) => string;
  pathOf: (index: number) => PathSegment[];
  message: (key: string, firstWhere: string) => string;
  lineOf: LineOf;
}

function findDuplicates<T>(items: readonly Indexed<T>[], rule: DuplicateRule<T>): PathIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: PathIssue[] = [];
  for (const { index, value } of items) {
    const key = rule.keyOf(value);
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      continue;
    }
    const line = rule.lineOf(rule.pathOf(first));
    const where = line === undefined ? `index ${first}` : `line ${line}`;
    issues.push({ path: rule.pathOf(index), message: rule.message(key, where) });
  }
  return issues;
}

function checkWaiver(waiver: Waiver, index: number): PathIssue[] {
  const path = ["waivers", index];
  const issues: PathIssue[] = [];
  if (!isCalendarDate(waiver.expires)) {
    issues.push({
      path: [...path, "expires"],
      message: `expected a real calendar date, got ${JSON.stringify(waiver.expires)}`,
    });
  }
  if (waiver.field !== undefined && !(FIELDS as readonly string[]).includes(waiver.field)) {
    issues.push({
      path: [...path, "field"],
      message: `unknown finding field ${JSON.stringify(waiver.field)} (expected one of: ${FIELDS.join(", ")})`,
    });
  }
  return issues;
}

/** `YYYY-MM-DD` (already checked by the schema) naming a day that exists: no 2027-02-30. */
export function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
