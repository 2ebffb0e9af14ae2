// Semantic checks (DESIGN.md §3): what holds across entries — unique targets and waiver ids — plus
// the per-target value checks in check-target.ts, and the warnings (waivers that point at nothing).
import { globMatch } from "../match/glob.ts";
import { FIELDS } from "../model/finding.ts";
import type { PathIssue, PathSegment } from "../model/path.ts";
import { scopeKey, targetKey } from "../model/snapshot.ts";
import { type DiscoverEntry, providerOf } from "../providers/index.ts";
import { checkTarget, type LineOf } from "./check-target.ts";
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
  /** Credentials profile names with their provider (absent: the baseline has none). */
  profiles?: Readonly<Record<string, string>>;
  /** Schema-valid discover entries with the scope keys they cover. */
  discover?: Indexed<{ provider: string; credentials?: string | undefined; scopes: string[] }>[];
}

export function partsOf(baseline: Baseline): BaselineParts {
  return {
    targets: baseline.targets.map((value, index) => ({ index, value })),
    waivers: (baseline.waivers ?? []).map((value, index) => ({ index, value })),
    allTargetsValid: true,
    profiles: Object.fromEntries(
      Object.entries(baseline.credentials ?? {}).map(([name, p]) => [name, p.provider]),
    ),
    discover: (baseline.discover ?? []).map((value, index) => ({
      index,
      value: { ...value, scopes: discoverScopeKeys(value) },
    })),
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
  for (const { index, value } of parts.targets) {
    issues.push(...checkProfileRef(value, ["targets", index], parts.profiles));
  }
  for (const { index, value } of parts.discover ?? []) {
    issues.push(...checkProfileRef(value, ["discover", index], parts.profiles));
  }
  for (const { index, value } of parts.waivers) issues.push(...checkWaiver(value, index));
  return issues;
}

/**
 * What is worth saying but must not stop an audit: a waiver whose `target` matches no target (a
 * stale waiver left behind when an instance was retired). Skipped when some target failed its
 * schema, since the waiver may be meant for that one. A waiver under a discover scope may name an
 * instance only discovery finds, so it is not stale.
 */
export function baselineWarnings(parts: BaselineParts): Array<PathIssue & { code: string }> {
  if (!parts.allTargetsValid) return [];
  const keys = parts.targets.map((t) => targetKey(t.value));
  const scopes = (parts.discover ?? []).flatMap((d) => d.value.scopes.map((s) => s.slice(0, -1)));
  const underScope = (glob: string) =>
    scopes.some((prefix) => glob.startsWith(prefix) || globMatch(glob, `${prefix}x`));
  // The drift engine's own glob, so "matches no target" agrees with what the waiver will match.
  return parts.waivers
    .filter(({ value }) => !keys.some((key) => globMatch(value.target, key)))
    .filter(({ value }) => !underScope(value.target))
    .map(({ index, value }) => ({
      code: "WaiverMatchesNoTarget",
      path: ["waivers", index, "target"],
      message: `waiver ${JSON.stringify(value.id)}: ${JSON.stringify(value.target)} matches no target in this baseline`,
    }));
}

/** A target or discover entry names a profile that exists and belongs to its own provider. */
export function checkProfileRef(
  entry: { provider: string; credentials?: string | undefined },
  path: PathSegment[],
  profiles: Readonly<Record<string, string>> | undefined,
): PathIssue[] {
  const name = entry.credentials;
  if (name === undefined || profiles === undefined) return [];
  const provider = profiles[name];
  const where = [...path, "credentials"];
  if (provider === undefined) {
    const known = Object.keys(profiles);
    const list =
      known.length > 0 ? ` (profiles: ${known.join(", ")})` : " (the baseline defines none)";
    return [{ path: where, message: `unknown credentials profile ${JSON.stringify(name)}${list}` }];
  }
  if (provider !== entry.provider) {
    return [
      {
        path: where,
        message: `credentials profile ${JSON.stringify(name)} is for ${provider}, not ${entry.provider}`,
      },
    ];
  }
  return [];
}

export function discoverScopeKeys(entry: DiscoverEntry): string[] {
  return providerOf(entry)
    .discovery.scopes(entry)
    .map((s) => scopeKey(entry.provider, s.region));
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
