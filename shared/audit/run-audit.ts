// The whole pipeline on one screen: baseline → collect → compare → history → alert → store.
// Everything it touches arrives through `AuditDeps`, so tests swap only the seams.
import type { LoadedBaseline } from "../baseline/load.ts";
import type { Baseline, BaselineTarget } from "../baseline/schema.ts";
import { compare } from "../drift/compare.ts";
import { rejudgeCarried } from "../drift/rejudge.ts";
import { formatIssue } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { createSecretRegistry, type SecretRegistry } from "../providers/redact.ts";
import { remediationFor } from "../remediation/remediate.ts";
import { buildReport, withDelivery } from "../report/build.ts";
import { EXPORT_FILES, type ExportFormat, renderExport } from "../report/exports/index.ts";
import { renderHtml } from "../report/render-html.ts";
import { renderMarkdown } from "../report/render-md.ts";
import { newRunId } from "../report/run-id.ts";
import type { Report, RunIndexEntry } from "../report/schema.ts";
import { indexEntryOf, withEntry } from "../report/trend.ts";
import { runKeys } from "../sinks/layout.ts";
import { readRunIndex } from "../sinks/run-index.ts";
import type { ReportStore } from "../sinks/store.ts";
import { readPreviousReport } from "../sinks/store-read.ts";
import { storeRun } from "../sinks/store-run.ts";
import { type AlertSettings, sendAlerts } from "./alerting.ts";
import type { Collected, PrincipalSelection } from "./collect.ts";
import { type Confirmed, confirmNewDrift } from "./confirm.ts";
import { isTargeted, type LeaseSettings, leaseFor } from "./lease-guard.ts";
import { redactErrors } from "./redact-errors.ts";
import { principalScope } from "./scope.ts";
import { checkPrincipals, selectTargets } from "./select.ts";
import type { AuditOutcome, AuditRequest } from "./types.ts";

export interface AuditDeps {
  toolVersion: string;
  loadBaseline(): Promise<LoadedBaseline>;
  /** `logger` carries the run id, so every provider log line can be traced to its run. */
  collect(
    targets: readonly BaselineTarget[],
    principals: PrincipalSelection | undefined,
    logger: Logger,
    secrets: SecretRegistry,
    /** The run's listing, when this is its confirmation re-read. */
    listed?: Snapshot,
  ): Promise<Collected>;
  loadSnapshot(path: string): Promise<Snapshot>;
  store: ReportStore;
  alerts: AlertSettings;
  /** The one-audit-at-a-time lease of full audits (DESIGN.md §7). */
  lease: LeaseSettings;
  /** Export formats stored beside each run (`RMQ_DRIFT_EXPORTS`). */
  exports?: readonly ExportFormat[];
  clock(): Date;
  random(): number;
  logger: Logger;
}

export async function runAudit(request: AuditRequest, deps: AuditDeps): Promise<AuditOutcome> {
  const started = deps.clock();
  const runId = newRunId(started, deps.random);
  const log = deps.logger.child({ runId });
  log.info("audit started", { trigger: request.trigger, dryRun: request.dryRun ?? false });

  const loaded = await deps.loadBaseline();
  // Bad input fails before anything is written, the lease included.
  const stored = request.snapshotPath ? await deps.loadSnapshot(request.snapshotPath) : null;
  const { lease, storeError } = await leaseFor(request, runId, deps.store, deps.lease, log);
  try {
    return await audit(request, { runId, started, loaded, stored, log, storeError }, deps);
  } finally {
    await lease?.release();
  }
}

interface RunContext {
  runId: string;
  started: Date;
  loaded: LoadedBaseline;
  /** The snapshot of an offline audit (`--snapshot`). */
  stored: Snapshot | null;
  log: Logger;
  /** The store already failed (taking the lease): reading history again would only wait again. */
  storeError: unknown;
}

async function audit(request: AuditRequest, run: RunContext, deps: AuditDeps) {
  const { runId, started, loaded, log } = run;
  const baseline = selectTargets(loaded.baseline, request.targets);
  checkPrincipals(baseline, request.principals);
  const history = run.storeError
    ? { report: null, error: run.storeError }
    : await readHistory(deps.store, log);
  const previous = history.report;
  // One registry per run: the keys and every secret any client drops during the run.
  const secrets = createSecretRegistry();
  const collected = run.stored
    ? offline(run.stored)
    : await deps.collect(baseline.targets, request.principals, log, secrets);
  const confirmed = await compareAndConfirm(request, baseline, collected, previous, started, {
    deps,
    log,
    secrets,
  });
  // A secret first seen after an error that echoed it (a password read in the re-read) is
  // blanked from that error too, before anything is rendered or stored.
  const { snapshot, result } = redactErrors(confirmed, secrets.redact);
  const report = buildReport({
    runId,
    trigger: request.trigger,
    startedAt: started.toISOString(),
    finishedAt: deps.clock().toISOString(),
    toolVersion: deps.toolVersion,
    baseline: { source: loaded.source, sha256: loaded.sha256 },
    compare: result,
    collection: collected.stats,
    previous,
    inScope: principalScope(request.principals),
    activeWaivers: (baseline.waivers ?? [])
      .map((w) => w.id)
      .filter((id) => !result.expiredWaivers.some((e) => e.id === id)),
    remediate: remediationFor(loaded.baseline, snapshot, loaded.locate),
    fullAudit: !isTargeted(request),
    rejudge: (finding) => rejudgeCarried(finding, baseline, started),
    warnings: loaded.warnings.map((w) => ({ code: w.code, message: formatIssue(w) })),
  });
  log.info("audit compared", { status: report.status, summary: report.summary });
  if (request.dryRun) return { report, reportUrl: null, htmlUrl: null };

  const keys = runKeys(runId);
  const htmlUrl = deps.store.url(keys.html);
  const deliveries = request.noAlerts
    ? []
    : await sendAlerts(report, previous, htmlUrl, deps.alerts, log);
  // Without history we could not tell new from persisting: people are alerted, but the run fails
  // rather than store a report whose first-seen dates would restart the history.
  if (history.error) throw history.error;
  const final = withDelivery(report, deliveries);
  await store(final, snapshot, isTargeted(request), deps, log);
  return { report: final, reportUrl: deps.store.url(keys.report), htmlUrl };
}

/** Compare; in live mode, re-read each new principal drift with point reads before it counts. */
async function compareAndConfirm(
  request: AuditRequest,
  baseline: Baseline,
  collected: Collected,
  previous: Report | null,
  now: Date,
  { deps, log, secrets }: { deps: AuditDeps; log: Logger; secrets: SecretRegistry },
): Promise<Confirmed> {
  const { snapshot } = collected;
  const result = compare(baseline, snapshot, { now, principals: request.principals });
  if (request.snapshotPath) return { snapshot, result };
  return confirmNewDrift({
    baseline,
    snapshot,
    result,
    principals: request.principals,
    known: new Set(previous?.findings.map((f) => f.id)),
    now,
    collect: deps.collect,
    secrets,
    stats: collected.stats,
    logger: log,
  });
}

async function readHistory(store: ReportStore, log: Logger) {
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

function offline(snapshot: Snapshot): Collected {
  return { snapshot, stats: new Map() };
}

/**
 * Alerts have already gone out when this runs, so a storage failure still reached people.
 * A targeted run (some targets or principals) is stored but does not move `latest.json`: history
 * builds on full audits, and a partial report must not make the next full run see old drift as new.
 */
async function store(
  report: Report,
  snapshot: Snapshot,
  targeted: boolean,
  deps: AuditDeps,
  log: Logger,
) {
  try {
    const history = await readTrend(deps.store, targeted ? null : report, log);
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
    const stored = await storeRun(deps.store, artifacts, { updateLatest: !targeted, logger: log });
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
