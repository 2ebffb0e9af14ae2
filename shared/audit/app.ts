// Wiring: configuration → stores, collectors, alert settings → `runAudit`, done once per entry point.
// This is the only place that knows which implementation sits behind each seam.
import type { BaselineTarget } from "../baseline/schema.ts";
import type { Config } from "../config/config.ts";
import { loadConfig } from "../config/config.ts";
import type { WorkerPayload } from "../invoke/types.ts";
import { createJsonLogger, type Logger } from "../log/logger.ts";
import { targetKey } from "../model/snapshot.ts";
import type { ProviderCredentials, Snapshot } from "../providers/index.ts";
import type { SecretRegistry } from "../providers/redact.ts";
import type { TargetCollection } from "../providers/types.ts";
import { runKeys } from "../sinks/layout.ts";
import type { LeaseOptions } from "../sinks/lease.ts";
import { reportLinker } from "../sinks/report-link.ts";
import { readRunIndex } from "../sinks/run-index.ts";
import { openReportStore, type ReportStore } from "../sinks/store.ts";
import { readLatest, readRunReport } from "../sinks/store-read.ts";
import { TOOL_VERSION } from "../version.ts";
import { loadBaselineSource } from "./baseline-source.ts";
import {
  type Collected,
  type CollectPass,
  collectTargets,
  type PrincipalSelection,
} from "./collect.ts";
import { openCollectors, runCredentialsOf } from "./collectors.ts";
import { discoverInstances } from "./discover.ts";
import { type AuditDeps, runAudit } from "./run-audit.ts";
import { loadSnapshotFile } from "./snapshot-file.ts";
import type {
  AuditOutcome,
  AuditRequest,
  HttpApp,
  ShardOutcome,
  StoreCredentials,
} from "./types.ts";

export interface AppOptions {
  config: Readonly<Config>;
  /** `--baseline` / `--out` from the CLI win over the environment. */
  baseline?: string;
  reports?: string;
  /** Per-invocation credentials by provider (FC's `context.credentials`, FunctionGraph's agency). */
  credentials?: ProviderCredentials;
  /** The same platform keys for the S3-compatible store (OSS, OBS), with their STS token. */
  storeCredentials?: StoreCredentials;
  logger?: Logger;
  clock?: () => Date;
  random?: () => number;
  writeConsole?: (text: string) => void;
  /** Lease timings (tests). */
  lease?: LeaseOptions;
  onTarget?: (
    key: string,
    collection: TargetCollection,
    done: number,
    total: number,
    pass: CollectPass,
  ) => void;
}

export interface App extends HttpApp {
  store: ReportStore;
  run(request: AuditRequest): Promise<AuditOutcome>;
  runScheduled(): Promise<AuditOutcome>;
  /** Fan-out worker: collects one shard of a planned run (DESIGN.md §9). */
  runShard(payload: WorkerPayload): Promise<ShardOutcome>;
}

export function createApp(options: AppOptions): App {
  const { config } = options;
  const logger = options.logger ?? createJsonLogger({ level: config.logLevel ?? "info" });
  const s3 = storeS3Options(config, options.storeCredentials);
  const store = openReportStore(options.reports ?? config.reports, {
    s3,
    logger,
    timeoutMs: config.storeTimeoutMs,
  });
  const deps: AuditDeps = {
    toolVersion: TOOL_VERSION,
    loadBaseline: () =>
      loadBaselineSource(options.baseline ?? config.baseline, s3, config.storeTimeoutMs),
    collect: (targets, principals, runLogger, secrets, listed) =>
      collectLive(targets, principals, options, runLogger, secrets, listed),
    loadSnapshot: loadSnapshotFile,
    store,
    alerts: {
      channels: config.alertChannels,
      minSeverity: config.alertMinSeverity,
      writeConsole: options.writeConsole ?? ((text) => process.stderr.write(text)),
    },
    lease: { waitMs: config.leaseWaitMs, options: options.lease },
    linkReport: reportLinker(store, config.reportLinks, logger),
    exports: config.exports,
    clock: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    logger,
  };
  // Over HTTP a caller is not kept waiting behind another full audit: 409 with its run id.
  const refusing: AuditDeps = { ...deps, lease: { ...deps.lease, waitMs: 0 } };
  return {
    store,
    tokenHashes: config.httpTokenHashes,
    run: (request) => runAudit(request, deps),
    audit: (request) => runAudit(request, refusing),
    runScheduled: () => runAudit({ trigger: "scheduled" }, deps),
    runShard: async () => {
      throw new Error("fan-out worker not built yet");
    },
    // Unlike history (which tolerates a damaged previous report), an explicit read fails loudly.
    latestReport: async () => {
      const latest = await readLatest(store);
      return latest === null ? null : readRunReport(store, latest.runId);
    },
    report: (runId) => readRunReport(store, runId),
    // A run without report.json is not a run (DESIGN.md §7): its HTML is not served either.
    reportHtml: async (runId) =>
      (await readRunReport(store, runId)) === null ? null : store.get(runKeys(runId).html),
    listReports: () => readRunIndex(store, { logger }),
  };
}

/**
 * Platform keys (FC role, FunctionGraph agency) sign store requests unless the S3 client has keys
 * of its own in the environment: someone who set AWS_ACCESS_KEY_ID meant a store those keys reach.
 */
function storeS3Options(config: Readonly<Config>, platform: StoreCredentials | undefined) {
  const { endpoint, region, forcePathStyle } = config.s3;
  const usePlatform = platform !== undefined && !config.s3.sdkCredentials;
  return { endpoint, region, forcePathStyle, ...(usePlatform ? { credentials: platform } : {}) };
}

let cachedConfig: Readonly<Config> | undefined;

/** The app for cloud handlers: configuration read once per container, credentials per invocation. */
export async function getDefaultApp(
  overrides: { credentials?: ProviderCredentials; storeCredentials?: StoreCredentials } = {},
): Promise<App> {
  cachedConfig ??= loadConfig();
  return createApp({ config: cachedConfig, ...overrides });
}

/**
 * Collectors live for one collection; the run's credentials (temporary keys) outlive them, and
 * every cloud account's request budget is shared by all runs of the process.
 */
async function collectLive(
  targets: readonly BaselineTarget[],
  principals: PrincipalSelection | undefined,
  options: AppOptions,
  logger: Logger,
  secrets: SecretRegistry,
  listed?: Snapshot,
): Promise<Collected> {
  // Only the confirmation re-read is handed the run's listing; progress lines name that pass.
  const pass: CollectPass = listed ? "confirm" : "collect";
  const run = runCredentialsOf(secrets);
  const entries = run.discover ?? [];
  const { collectors, lister, close } = openCollectors(options.config, [...targets, ...entries], {
    logger,
    credentials: options.credentials,
    run,
    now: options.clock,
  });
  try {
    const found = await discoverInstances(entries, targets, lister, logger);
    const collected = await collectTargets([...targets, ...found.targets], collectors, {
      concurrency: options.config.concurrency,
      principals,
      instanceOnly: new Set(found.targets.map(targetKey)),
      listed,
      logger,
      now: options.clock ?? (() => new Date()),
      onTarget: (key, collection, done, total) =>
        options.onTarget?.(key, collection, done, total, pass),
    });
    if (entries.length === 0) return collected;
    return { ...collected, snapshot: { ...collected.snapshot, discovery: found.scopes } };
  } finally {
    await close();
  }
}
