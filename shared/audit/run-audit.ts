// The whole pipeline on one screen, in the order it runs: baseline → scope → history → collect →
// compare (+ confirm) → report → alert → store. Everything it touches arrives through `AuditDeps`,
// so tests swap only the seams.
import type { LoadedBaseline } from "../baseline/load.ts";
import { compare } from "../drift/compare.ts";
import { rejudgeCarried } from "../drift/rejudge.ts";
import type { CompareResult } from "../drift/result.ts";
import { isWaiverActive } from "../drift/waivers.ts";
import { formatIssue } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { targetKey } from "../model/snapshot.ts";
import type { Snapshot } from "../providers/index.ts";
import { buildReport, withDelivery } from "../report/build.ts";
import { EXPORT_FILES, type ExportFormat, renderExport } from "../report/exports/index.ts";
import { renderHtml } from "../report/render-html.ts";
import { renderMarkdown } from "../report/render-md.ts";
import { newRunId } from "../report/run-id.ts";
import type { Report, RunIndexEntry } from "../report/schema.ts";
import { indexEntryOf, withEntry } from "../report/trend.ts";
import type { FlushResult } from "../sinks/alerts/outbox.ts";
import { runKeys } from "../sinks/layout.ts";
import type { ReportLinker } from "../sinks/report-link.ts";
import { readRunIndex } from "../sinks/run-index.ts";
import type { ReportStore } from "../sinks/store.ts";
import { readPreviousReport } from "../sinks/store-read.ts";
import { storeRun } from "../sinks/store-run.ts";
import {
  type AlertContext,
  type AlertSettings,
  flushAlerts,
  NOTHING_FLUSHED,
  sendAlerts,
} from "./alerting.ts";
import type { CollectFn } from "./collect.ts";
import { newRunCredentials, type RunCredentials } from "./collectors.ts";
import { type Confirmed, confirmNewDrift } from "./confirm.ts";
import { collectFannedOut, type FanoutCollected, type FanoutSettings } from "./coordinate.ts";
import { type LeaseSettings, leaseFor } from "./lease-guard.ts";
import { redactErrors } from "./redact-errors.ts";
import { remediationFor } from "./remediation.ts";
import { type AuditScope, scopeAudit } from "./scope.ts";
import type { AuditOutcome, AuditRequest } from "./types.ts";

export interface AuditDeps {
  toolVersion: string;
  loadBaseline(): Promise<LoadedBaseline>;
  /** `logger` carries the run id, so every provider log line can be traced to its run. */
  collect: CollectFn;
  /** Set when `RMQ_DRIFT_FANOUT` is: large runs are collected by workers (DESIGN.md §9). */
  fanout?: FanoutSettings;
  loadSnapshot(path: string): Promise<Snapshot>;
  store: ReportStore;
  alerts: AlertSettings;
  /** The one-audit-at-a-time lease of full audits (DESIGN.md §7). */
  lease: LeaseSettings;
  /** The link alerts give to a stored report (URL base, presigned URL, or the store's address). */
  linkReport: ReportLinker;
  /** Export formats stored beside each run (`RMQ_DRIFT_EXPORTS`). */
  exports?: readonly ExportFormat[];
  clock(): Date;
  random(): number;
  logger: Logger;
}

export async function runAudit(request: AuditRequest, deps: AuditDeps): Promise<AuditOutcome> {
  const run = startRun(request, deps);
  // Alerts earlier runs could not deliver go first, whatever triggered this run.
  const quiet = request.dryRun === true || request.noAlerts === true;
  const flushed = quiet ? NOTHING_FLUSHED : await flushAlerts(run.runId, run.alerts);
  const loaded = await deps.loadBaseline();
  const scope = scopeAudit(loaded.baseline, request);
  // Bad input fails before anything is written, the lease included.
  const stored = request.snapshotPath ? await deps.loadSnapshot(request.snapshotPath) : null;
  const { lease, storeError } = await leaseFor(request, run.runId, deps.store, deps.lease, run.log);
  try {
    return await audit(request, { loaded, scope, stored, storeError, flushed }, run);
  } finally {
    await lease?.release();
  }
}

/** The run under its lease (if it takes one). */
async function audit(
  request: AuditRequest,
  parts: {
    loaded: LoadedBaseline;
    scope: AuditScope;
    /** The snapshot of an offline audit (`--snapshot`). */
    stored: Snapshot | null;
    /** The store already failed (taking the lease): reading history again would only wait again. */
    storeError: unknown;
    /** What this run's flush of earlier runs' undelivered alerts did. */
    flushed: FlushResult;
  },
  run: RunContext,
): Promise<AuditOutcome> {
  const { deps } = run;
  const { loaded, scope, stored, storeError, flushed } = parts;
  const history = storeError
    ? { report: null, error: storeError }
    : await readHistory(deps.store, run.log);
  const collected = await collect(request, { loaded, scope, stored, history }, run);
  const { snapshot, result } = await compareAndConfirm(request, scope, collected, history, run);
  const report = reportRun(request, { loaded, scope, snapshot, result, collected, history }, run);
  if (request.dryRun) return { report, reportUrl: null, htmlUrl: null, alertedFindings: null };

  const keys = runKeys(run.runId);
  const alerted = request.noAlerts
    ? null
    : await sendAlerts(report, history.report, keys.html, flushed, run.alerts);
  // Without history we could not tell new from persisting: people are alerted, but the run fails
  // rather than store a report whose first-seen dates would restart the history.
  if (history.error) throw history.error;
  const final = withDelivery(report, alerted?.delivery ?? { alerts: [] });
  await store(final, snapshot, scope.partial, deps, run.log);
  return {
    report: final,
    reportUrl: deps.store.url(keys.report),
    htmlUrl: deps.store.url(keys.html),
    alertedFindings: alerted?.newFindings ?? null,
  };
}

/** What every step of one run shares besides its data. */
interface RunContext {
  deps: AuditDeps;
  started: Date;
  runId: string;
  log: Logger;
  /**
   * One registry per run: the keys and every secret any client drops during the run, with the
   * run's credentials profiles (temporary keys are obtained once per run).
   */
  secrets: RunCredentials;
  /** Where alerts go, with the outbox and the report links. */
  alerts: AlertContext;
}

function startRun(request: AuditRequest, deps: AuditDeps): RunContext {
  const started = deps.clock();
  const runId = newRunId(started, deps.random);
  const log = deps.logger.child({ runId });
  log.info("audit started", { trigger: request.trigger, dryRun: request.dryRun ?? false });
  const alerts: AlertContext = {
    settings: deps.alerts,
    store: deps.store,
    linkReport: deps.linkReport,
    clock: deps.clock,
    log,
  };
  return { deps, started, runId, log, secrets: newRunCredentials(runId), alerts };
}

/**
 * Live: the clouds, for the scope's targets and principals — by fan-out workers when configured and
 * the run is large (a dry run stores nothing, so it never fans out). Offline: a stored snapshot file.
 */
async function collect(
  request: AuditRequest,
  parts: { loaded: LoadedBaseline; scope: AuditScope; stored: Snapshot | null; history: History },
  { deps, log, secrets, runId, started }: RunContext,
): Promise<FanoutCollected> {
  const { loaded, scope, stored, history } = parts;
  if (stored) return { snapshot: stored, stats: new Map() };
  // The profiles stay with the run, so the confirmation re-read reuses its credentials. Only a
  // full audit discovers: a partial one could not tell an undeclared instance from one it chose
  // not to look at.
  secrets.profiles = scope.baseline.credentials ?? {};
  const discover = scope.partial ? undefined : scope.baseline.discover;
  const run: RunCredentials = { ...secrets, discover };
  if (deps.fanout && !request.dryRun) {
    const { store, clock } = deps;
    const { targets } = scope.baseline;
    const known = knownFindings(history);
    const fanout = { runId, started, loaded, targets, principals: scope.principals, known };
    return collectFannedOut(
      { ...fanout, secrets: run, store, collect: deps.collect, clock, log },
      deps.fanout,
    );
  }
  return deps.collect(scope.baseline.targets, scope.principals, log, run);
}

/**
 * Compare; in live mode, re-read each new principal drift with point reads before it counts. A
 * secret first seen after an error that echoed it (a password read in the re-read) is blanked from
 * that error too, before anything is rendered or stored.
 */
async function compareAndConfirm(
  request: AuditRequest,
  scope: AuditScope,
  collected: FanoutCollected,
  history: History,
  { deps, started: now, log, secrets }: RunContext,
): Promise<Confirmed> {
  const { baseline, principals } = scope;
  const { snapshot } = collected;
  const result = compare(baseline, snapshot, { now, principals });
  // Offline there is nothing to re-read; fan-out workers re-read their own targets.
  if (request.snapshotPath || collected.confirmed) {
    return redactErrors({ snapshot, result }, secrets.redact);
  }
  const confirmed = await confirmNewDrift({
    baseline,
    snapshot,
    result,
    principals,
    known: knownFindings(history),
    now,
    collect: deps.collect,
    secrets,
    stats: collected.stats,
    logger: log,
  });
  return redactErrors(confirmed, secrets.redact);
}

/** The report of this run: its comparison judged against history, waivers and the baseline. */
function reportRun(
  request: AuditRequest,
  parts: {
    loaded: LoadedBaseline;
    scope: AuditScope;
    snapshot: Snapshot;
    result: CompareResult;
    collected: FanoutCollected;
    history: History;
  },
  { deps, started, runId, log }: RunContext,
): Report {
  const { loaded, scope, snapshot, result, collected, history } = parts;
  const report = buildReport({
    runId,
    trigger: request.trigger,
    startedAt: started.toISOString(),
    finishedAt: deps.clock().toISOString(),
    toolVersion: deps.toolVersion,
    baseline: { source: loaded.source, sha256: loaded.sha256 },
    compare: result,
    collection: collected.stats,
    previous: history.report,
    inScope: scope.couldResolve,
    credentials: new Map(
      scope.baseline.targets.flatMap((t) => (t.credentials ? [[targetKey(t), t.credentials]] : [])),
    ),
    activeWaivers: (scope.baseline.waivers ?? [])
      .filter((w) => isWaiverActive(w, started))
      .map((w) => w.id),
    remediate: remediationFor(loaded.baseline, snapshot, loaded.locate),
    fullAudit: !scope.partial,
    rejudge: (finding) => rejudgeCarried(finding, scope.baseline, started),
    warnings: loaded.warnings.map((w) => ({ code: w.code, message: formatIssue(w) })),
    shards: collected.shards,
  });
  log.info("audit compared", { status: report.status, summary: report.summary });
  return report;
}

interface History {
  report: Report | null;
  error: unknown;
}

/** Finding ids the previous report already has: not new, so they need no confirmation re-read. */
function knownFindings(history: History): Set<string> {
  return new Set(history.report?.findings.map((f) => f.id));
}

async function readHistory(store: ReportStore, log: Logger): Promise<History> {
  try {
    return { report: await readPreviousReport(store, { logger: log }), error: null };
  } catch (err) {
    log.error("reading the previous report failed", { error: err, location: store.location });
    return { report: null, error: err };
  }
}

/** The full runs' trend for the HTML report, this run included when it is a full run. The trend is a
 * nicety: a store that cannot give it back costs the chart, never the run. */
async function readTrend(store: ReportStore, report: Report | null, log: Logger) {
  const add = (index: RunIndexEntry[]) => (report ? withEntry(index, indexEntryOf(report)) : index);
  try {
    return add(await readRunIndex(store, { logger: log }));
  } catch (err) {
    log.warn("reading index.json failed; the report has no trend", { error: err });
    return add([]);
  }
}

/**
 * Alerts have already gone out when this runs, so a storage failure still reached people. A
 * partial run is stored without moving `latest.json` (see AuditScope).
 */
async function store(
  report: Report,
  snapshot: Snapshot,
  partial: boolean,
  deps: AuditDeps,
  log: Logger,
) {
  try {
    const history = await readTrend(deps.store, partial ? null : report, log);
    const artifacts = {
      report,
      markdown: renderMarkdown(report, { reportUrl: deps.store.url(runKeys(report.runId).html) }),
      html: renderHtml(report, { history }),
      snapshotJson: `${JSON.stringify(snapshot, null, 2)}\n`,
      extras: (deps.exports ?? []).map((format) => ({
        ...EXPORT_FILES[format],
        body: renderExport(report, format),
      })),
    };
    const stored = await storeRun(deps.store, artifacts, { updateLatest: !partial, logger: log });
    log.info("report stored", {
      reportKey: stored.reportKey,
      latestUpdated: stored.latestUpdated,
      location: deps.store.location,
    });
  } catch (err) {
    log.error("storing the report failed", { error: err, location: deps.store.location });
    throw err;
  }
}
