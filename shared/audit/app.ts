// Wiring: configuration → stores, collectors, alert settings → `runAudit`, done once per entry point.
// This is the only place that knows which implementation sits behind each seam.
import type { BaselineTarget } from "../baseline/schema.ts";
import type { Config } from "../config/config.ts";
import { loadConfig } from "../config/config.ts";
import type { WorkerInvoker, WorkerPayload } from "../invoke/types.ts";
import { createJsonLogger, type Logger } from "../log/logger.ts";
import { targetKey } from "../model/snapshot.ts";
import { PROVIDER_IDS, type ProviderCredentials, type Snapshot } from "../providers/index.ts";
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
  type CollectFn,
  type CollectPass,
  collectTargets,
  type PrincipalSelection,
} from "./collect.ts";
import { openCollectors, type RunCredentials, runCredentialsOf } from "./collectors.ts";
import type { FanoutSettings } from "./coordinate.ts";
import { type Discovered, discoverInstances } from "./discover.ts";
import { openInvoker } from "./invokers.ts";
import { type AuditDeps, runAudit } from "./run-audit.ts";
import { runShard } from "./shard-worker.ts";
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
  /** Fan-out, over what the environment says (`audit --workers N`, tests). */
  fanout?: FanoutOverrides;
  /** Function Compute's account and region (from the invocation context), for the FC invokers. */
  platform?: { accountId?: string; region?: string };
}

export interface FanoutOverrides {
  openInvoker?: () => WorkerInvoker;
  shardSize?: number;
  waitMs?: number;
  pollMs?: number;
  /** `local`: the worker command (see `createLocalInvoker`); default: this program's `worker`. */
  localCommand?: readonly [string, ...string[]];
  /** Local worker processes (`audit --workers N`): fan out locally, whatever `RMQ_DRIFT_FANOUT` says. */
  workers?: number;
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
  const collect =
    (share: number): CollectFn =>
    (targets, principals, runLogger, secrets, listed, instanceOnly) =>
      collectLive(targets, principals, options, runLogger, secrets, {
        listed,
        instanceOnly,
        share,
      });
  const deps: AuditDeps = {
    toolVersion: TOOL_VERSION,
    loadBaseline: () =>
      loadBaselineSource(options.baseline ?? config.baseline, s3, config.storeTimeoutMs),
    collect: collect(1),
    fanout: fanoutSettings(options, logger),
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
    runShard: (payload) =>
      runShard(payload, {
        store,
        loadBaseline: (source) => loadBaselineSource(source, s3, config.storeTimeoutMs),
        collect,
        clock: deps.clock,
        logger,
      }),
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
  overrides: Pick<AppOptions, "credentials" | "storeCredentials" | "platform"> = {},
): Promise<App> {
  cachedConfig ??= loadConfig();
  return createApp({ config: cachedConfig, ...overrides });
}

/** The fan-out settings of a run, or none when `RMQ_DRIFT_FANOUT` is unset and nothing overrides it. */
function fanoutSettings(options: AppOptions, logger: Logger): FanoutSettings | undefined {
  const { config } = options;
  const env = config.fanout;
  const over = options.fanout;
  if (env.platform === undefined && !over) return undefined;
  const local = over?.localCommand !== undefined || over?.workers !== undefined;
  const platform = local ? "local" : env.platform;
  return {
    shardSize: over?.shardSize ?? env.shardSize,
    waitMs: over?.waitMs ?? env.waitMs,
    // Local workers are seen to end, and polling a folder is cheap; a bucket is asked once a second.
    pollMs: over?.pollMs ?? (platform === "local" ? 250 : undefined),
    openInvoker:
      over?.openInvoker ??
      (() =>
        openInvoker(config, {
          platform,
          localCommand: over?.localCommand,
          reports: options.reports ?? config.reports,
          workers: over?.workers,
          credentials: options.credentials,
          platformContext: options.platform,
          logger,
        })),
    discover: (declared, runLogger, secrets) =>
      discoverLive(declared, options, runLogger, runCredentialsOf(secrets)),
  };
}

/** Lists the run's discover scopes with their entries' credentials (collectors closed after). */
async function discoverLive(
  declared: readonly BaselineTarget[],
  options: AppOptions,
  logger: Logger,
  run: RunCredentials,
): Promise<Discovered> {
  const entries = run.discover ?? [];
  const { lister, close } = openCollectors(options.config, entries, {
    logger,
    credentials: options.credentials,
    run,
    now: options.clock,
  });
  try {
    return await discoverInstances(entries, declared, lister, logger);
  } finally {
    await close();
  }
}

/** The budget a fan-out worker may use: its share of each account's QPS and concurrency. */
function budgetShare(config: Readonly<Config>, share: number): Readonly<Config> {
  if (share >= 1) return config;
  const sections = Object.fromEntries(
    PROVIDER_IDS.map((id) => [id, { ...config[id], qps: config[id].qps * share }]),
  );
  const concurrency = Math.max(1, Math.floor(config.concurrency * share));
  return { ...config, ...sections, concurrency };
}

interface CollectLiveOptions {
  /** The run's listing, on its confirmation re-read. */
  listed?: Snapshot;
  /** Discovered instances: their instance-level settings only. */
  instanceOnly?: ReadonlySet<string>;
  /** A fan-out worker's part of each account's budget (1: all of it). */
  share: number;
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
  { listed, instanceOnly, share }: CollectLiveOptions,
): Promise<Collected> {
  // Only the confirmation re-read is handed the run's listing; progress lines name that pass.
  const pass: CollectPass = listed ? "confirm" : "collect";
  const run = runCredentialsOf(secrets);
  const entries = run.discover ?? [];
  const config = budgetShare(options.config, share);
  const { collectors, lister, close } = openCollectors(config, [...targets, ...entries], {
    logger,
    credentials: options.credentials,
    run,
    now: options.clock,
  });
  try {
    const found = await discoverInstances(entries, targets, lister, logger);
    const collected = await collectTargets([...targets, ...found.targets], collectors, {
      concurrency: config.concurrency,
      principals,
      instanceOnly: new Set([...(instanceOnly ?? []), ...found.targets.map(targetKey)]),
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
