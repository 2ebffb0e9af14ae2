// History: compares this run's findings with the previous report's, by stable finding id (DESIGN.md §5).
//
// Decisions the design leaves open, made here:
// - Waived findings take part in history like any other: they get `state` and `firstSeenAt`, so when a
//   waiver lapses the finding shows its true age (the lapse itself alerts through `expiredWaivers`).
//   A waived finding that disappears is resolved like any other.
// - Fail closed: a previous finding on a target that is unreadable this run was not looked at, so it
//   is never resolved. It is carried forward as `persisting` with its `firstSeenAt` and a message that
//   says it was not re-checked; its waiver is kept only while still unexpired. Carrying it (rather than
//   dropping it) keeps its age for the run after, when the target is readable again. It is first
//   re-judged against the current baseline (`rejudge`): what that baseline now accepts or no longer
//   names is not carried (nor resolved: the cloud was not read).
// - A previous finding outside this run's scope (a target or principal the run did not audit) is
//   neither resolved nor carried: the run says nothing about it.
// - A previous report of another schemaVersion is not history: every finding is new, nothing resolves.
import { isWaiverActive } from "../drift/waivers.ts";
import type { Finding } from "../model/finding.ts";
import {
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportFinding,
  ReportSchema,
  type ResolvedFinding,
} from "./schema.ts";
import { compareFindings } from "./sort.ts";

export interface HistoryOptions {
  /** Target keys unreadable this run; by default, the targets of this run's `unreadable` findings. */
  unreadableTargets?: Iterable<string>;
  /** Whether this run audited a previous finding's target and principal; by default, everything. */
  inScope?: (finding: Pick<Finding, "target" | "principal" | "kind">) => boolean;
  /** Ids of the waivers in effect this run; a carried finding loses a waiver no longer among them. */
  activeWaivers?: ReadonlySet<string>;
  /**
   * Re-judges a finding to be carried against the current baseline: null when that baseline now
   * accepts it or no longer names it (it is then not carried), else the finding as judged now.
   */
  rejudge?: (finding: Finding) => Finding | null;
}

export interface HistoryResult {
  findings: ReportFinding[];
  resolved: ResolvedFinding[];
  /** A previous report was given but could not serve as history (other schemaVersion); warn about it. */
  previousIgnored: boolean;
}

export function applyHistory(
  findings: readonly Finding[],
  previous: Report | null,
  now: string,
  options: HistoryOptions = {},
): HistoryResult {
  const usable = previous !== null && previous.schemaVersion === REPORT_SCHEMA_VERSION;
  const before = new Map((usable ? previous.findings : []).map((f) => [f.id, f]));
  const current: ReportFinding[] = findings.map((f) => {
    const prior = before.get(f.id);
    return prior
      ? { ...f, state: "persisting", firstSeenAt: prior.firstSeenAt }
      : { ...f, state: "new", firstSeenAt: now };
  });
  const seen = new Set(findings.map((f) => f.id));
  const unreadable = new Set(options.unreadableTargets ?? unreadableTargetsOf(findings));
  const inScope = options.inScope ?? (() => true);
  const resolved: ResolvedFinding[] = [];
  for (const gone of before.values()) {
    if (seen.has(gone.id) || !inScope(gone)) continue;
    if (!unreadable.has(gone.target)) {
      resolved.push(toResolved(gone));
      continue;
    }
    const judged = options.rejudge ? options.rejudge(gone) : gone;
    if (judged !== null) current.push(carryForward(gone, judged, now, options.activeWaivers));
  }
  return {
    findings: current.sort(compareFindings),
    resolved: resolved.sort(compareFindings),
    previousIgnored: previous !== null && !usable,
  };
}

function unreadableTargetsOf(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.kind === "unreadable").map((f) => f.target);
}

/** The prior finding's history (state, first seen) with the judgement of this run. */
function carryForward(
  prior: ReportFinding,
  judged: Finding,
  now: string,
  activeWaivers: ReadonlySet<string> | undefined,
): ReportFinding {
  const waiver = judged.waiver;
  const stillWaived =
    waiver !== null &&
    isWaiverActive(waiver, new Date(now)) &&
    (activeWaivers === undefined || activeWaivers.has(waiver.id));
  return {
    ...prior,
    ...judged,
    state: "persisting",
    firstSeenAt: prior.firstSeenAt,
    waiver: stillWaived ? waiver : null,
    message: `Not re-checked: target unreadable this run. ${stripCarryNote(judged.message)}`,
  };
}

// A finding carried through several unreadable runs keeps one note, not a growing chain of them.
function stripCarryNote(message: string): string {
  return message.replace(/^(Not re-checked: target unreadable this run\. )+/, "");
}

function toResolved(f: ReportFinding): ResolvedFinding {
  return {
    id: f.id,
    target: f.target,
    principal: f.principal,
    resource: f.resource,
    field: f.field,
    severity: f.severity,
    firstSeenAt: f.firstSeenAt,
  };
}

export type PreviousReport =
  | { report: Report; ignored: null }
  | { report: null; ignored: null | "schemaVersion" | "invalid" };

/**
 * Reads a stored previous report (parsed JSON) for history. Another schemaVersion, or a document that
 * does not validate, yields no history plus the reason, so the caller can warn instead of failing.
 */
export function previousReportFrom(json: unknown): PreviousReport {
  if (json === null || json === undefined) return { report: null, ignored: null };
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) return { report: null, ignored: "schemaVersion" };
  const parsed = ReportSchema.safeParse(json);
  return parsed.success
    ? { report: parsed.data, ignored: null }
    : { report: null, ignored: "invalid" };
}
