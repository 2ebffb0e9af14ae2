// Environment → frozen, typed configuration, read once at start (DESIGN.md §8). Nothing else in
// rmq-drift reads process.env. A missing or malformed variable fails with its name.
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { isFunctionUrn } from "../invoke/function-urn.ts";
import { FANOUT_PLATFORMS, type FanoutPlatform } from "../invoke/types.ts";
import { SeveritySchema } from "../model/finding.ts";
import { checkApiEndpoint } from "../net/endpoint-policy.ts";
import { EXPORT_FORMATS, type ExportFormat, isExportFormat } from "../report/exports/index.ts";
import { type AlertChannelConfig, parseAlertChannels } from "./alert-channels.ts";
import { type ProviderSections, providerSections, providerVariables } from "./providers.ts";

/** S3's own limit for SigV4 query signatures: 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** An http(s) base URL (http is allowed for local stand-ins and private gateways). */
const httpUrl = optionalString.pipe(
  z.url({ protocol: /^https?$/, message: "expected an http(s):// URL" }).optional(),
);

/** A cloud API endpoint: https, or http on loopback only. */
const apiEndpoint = optionalString.superRefine((v, ctx) => {
  const problem = v === undefined ? null : checkApiEndpoint(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const positiveNumber = (fallback: number, integer = false) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
        const what = integer ? "a positive integer" : "a positive number";
        ctx.addIssue({ code: "custom", message: `expected ${what}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const bool = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    if (/^(1|true|yes)$/i.test(v)) return true;
    if (/^(0|false|no)$/i.test(v)) return false;
    ctx.addIssue({ code: "custom", message: `expected true or false, got "${v}"` });
    return z.NEVER;
  });

const sha256List = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const items = (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const bad = items.findIndex((s) => !/^[0-9a-f]{64}$/.test(s));
    if (bad >= 0) {
      ctx.addIssue({ code: "custom", message: `entry ${bad + 1} is not a SHA-256 hex digest` });
      return z.NEVER;
    }
    return items;
  });

// Each provider's credentials, endpoint override and request budget (see providers.ts).
const VARIABLE_TYPES = { text: optionalString, endpoint: apiEndpoint, qps: positiveNumber(5) };

// `RMQ_DRIFT_EXPORTS=csv,sarif`: formats stored beside each run; an unknown name is an error, not a skip.
const exportList = optionalString.transform((value, ctx): ExportFormat[] => {
  const items = [...new Set((value ?? "").split(",").map((s) => s.trim().toLowerCase()))];
  const wanted = items.filter((s) => s !== "");
  const bad = wanted.find((s) => !isExportFormat(s));
  if (bad !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: `unknown export "${bad}" (expected a comma-separated list of ${EXPORT_FORMATS.join(", ")})`,
    });
    return z.NEVER;
  }
  return wanted as ExportFormat[];
});

export const EnvSchema = z
  .object({
    RMQ_DRIFT_BASELINE: optionalString.transform((v) => v ?? "policies/baseline.yaml"),
    RMQ_DRIFT_REPORTS: optionalString.transform((v) => v ?? "./reports"),
    RMQ_DRIFT_S3_ENDPOINT: httpUrl,
    RMQ_DRIFT_S3_REGION: optionalString,
    RMQ_DRIFT_S3_FORCE_PATH_STYLE: bool,
    // Read only to know whether the S3 client has keys of its own (they win over a platform's keys).
    AWS_ACCESS_KEY_ID: optionalString,
    AWS_PROFILE: optionalString,
    ...providerVariables("keys", VARIABLE_TYPES),
    ...providerVariables("endpoint", VARIABLE_TYPES),
    RMQ_DRIFT_ALERTS: optionalString,
    RMQ_DRIFT_ALERT_MIN_SEVERITY: optionalString.pipe(SeveritySchema.optional()),
    RMQ_DRIFT_HTTP_TOKEN_SHA256: sha256List,
    ...providerVariables("qps", VARIABLE_TYPES),
    RMQ_DRIFT_CONCURRENCY: positiveNumber(4, true),
    RMQ_DRIFT_TIMEOUT_MS: positiveNumber(10_000),
    RMQ_DRIFT_STORE_TIMEOUT_MS: positiveNumber(15_000),
    RMQ_DRIFT_LEASE_WAIT_MS: positiveNumber(600_000),
    RMQ_DRIFT_REPORT_URL_BASE: optionalString.pipe(
      z.url({ protocol: /^https$/, message: "expected an https:// URL" }).optional(),
    ),
    RMQ_DRIFT_PRESIGN_SECONDS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > MAX_PRESIGN_SECONDS) {
          ctx.addIssue({
            code: "custom",
            message: `expected whole seconds from 1 to ${MAX_PRESIGN_SECONDS} (7 days), got "${v}"`,
          });
          return z.NEVER;
        }
        return n;
      }),
    RMQ_DRIFT_LISTING: optionalString.pipe(z.enum(["checked", "strict"]).optional()),
    RMQ_DRIFT_LOG_LEVEL: optionalString.pipe(z.enum(["debug", "info", "warn", "error"]).optional()),
    RMQ_DRIFT_EXPORTS: exportList,
    // Fan-out (DESIGN.md §9).
    RMQ_DRIFT_FANOUT: optionalString.pipe(z.enum(FANOUT_PLATFORMS).optional()),
    RMQ_DRIFT_SHARD_SIZE: positiveNumber(50, true),
    RMQ_DRIFT_WORKER_FUNCTION: optionalString,
    RMQ_DRIFT_SHARD_WAIT_SECONDS: positiveNumber(600, true),
    RMQ_DRIFT_WORKERS: positiveNumber(4, true),
    RMQ_DRIFT_FANOUT_ENDPOINT: apiEndpoint,
    RMQ_DRIFT_FC_ACCOUNT_ID: optionalString,
    RMQ_DRIFT_FC_REGION: optionalString,
    AWS_REGION: optionalString,
  })
  .superRefine((e, ctx) => {
    const remote = e.RMQ_DRIFT_FANOUT !== undefined && e.RMQ_DRIFT_FANOUT !== "local";
    if (remote && e.RMQ_DRIFT_WORKER_FUNCTION === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["RMQ_DRIFT_WORKER_FUNCTION"],
        message: `RMQ_DRIFT_FANOUT=${e.RMQ_DRIFT_FANOUT} needs the worker function's name or ARN`,
      });
    }
    if (
      e.RMQ_DRIFT_FANOUT === "functiongraph" &&
      e.RMQ_DRIFT_WORKER_FUNCTION !== undefined &&
      !isFunctionUrn(e.RMQ_DRIFT_WORKER_FUNCTION)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["RMQ_DRIFT_WORKER_FUNCTION"],
        message:
          "RMQ_DRIFT_FANOUT=functiongraph needs the worker's URN: urn:fss:<region>:<project_id>:function:<app>:<name>[:<version>]",
      });
    }
  });

/** The environment as rmq-drift uses it; each provider's section sits under its id. */
export type Config = BaseConfig & ProviderSections;

interface BaseConfig {
  baseline: string;
  reports: string;
  s3: {
    endpoint?: string;
    region?: string;
    forcePathStyle?: boolean;
    /** `AWS_ACCESS_KEY_ID` or `AWS_PROFILE` is set: the S3 client's own chain, not platform keys. */
    sdkCredentials?: boolean;
  };
  /** `RMQ_DRIFT_ALERTS` with the per-channel secrets (`RMQ_DRIFT_ALERT_SECRET_*`). */
  alertChannels: readonly AlertChannelConfig[];
  alertMinSeverity: z.infer<typeof SeveritySchema>;
  /** How alerts link to the HTML report (`RMQ_DRIFT_REPORT_URL_BASE` / `RMQ_DRIFT_PRESIGN_SECONDS`). */
  reportLinks: { urlBase?: string; presignSeconds?: number };
  httpTokenHashes: readonly string[];
  concurrency: number;
  /** How multi-page listings are trusted: one pass + an end check, or two agreeing passes. */
  listing: "checked" | "strict";
  timeoutMs: number;
  /** Deadline of each attempt of a report-store or baseline read/write (`RMQ_DRIFT_STORE_TIMEOUT_MS`). */
  storeTimeoutMs: number;
  /** How long a CLI or scheduled full audit waits for a running one (`RMQ_DRIFT_LEASE_WAIT_MS`). */
  leaseWaitMs: number;
  /** `RMQ_DRIFT_EXPORTS`: export formats stored beside each run's report. */
  exports: readonly ExportFormat[];
  /** `RMQ_DRIFT_FANOUT` and its companions (`platform` unset: fan-out off unless `--workers`). */
  fanout: FanoutConfig;
  /** Unset: entry points pick their own default (functions: info; CLI: warn, stdout stays readable). */
  logLevel?: "debug" | "info" | "warn" | "error";
  /**
   * An environment variable a credentials profile names (`accessKeyIdEnv`, …), read from the
   * environment the configuration was loaded from; empty counts as unset.
   */
  variable(name: string): string | undefined;
}

export interface FanoutConfig {
  platform?: FanoutPlatform;
  shardSize: number;
  /** How long the coordinator waits for shards, from the run's start. */
  waitMs: number;
  /** Required for fc2, fc3 and lambda. */
  workerFunction?: string;
  /** `local`: worker processes at once (`RMQ_DRIFT_WORKERS`, or `audit --workers N`). */
  workers: number;
  /** Replaces the platform's invoke endpoint (private endpoints, stand-ins). */
  endpoint?: string;
  /** Function Compute: the account and region to invoke in, when the FC context does not say. */
  fcAccountId?: string;
  fcRegion?: string;
  /** Lambda: the region (Lambda sets `AWS_REGION` itself). */
  awsRegion?: string;
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return Object.freeze({
    baseline: e.RMQ_DRIFT_BASELINE,
    reports: e.RMQ_DRIFT_REPORTS,
    s3: {
      endpoint: e.RMQ_DRIFT_S3_ENDPOINT,
      region: e.RMQ_DRIFT_S3_REGION,
      forcePathStyle: e.RMQ_DRIFT_S3_FORCE_PATH_STYLE,
      sdkCredentials: Boolean(e.AWS_ACCESS_KEY_ID || e.AWS_PROFILE),
    },
    ...providerSections(e),
    alertChannels: Object.freeze(parseAlertChannels(e.RMQ_DRIFT_ALERTS, env)),
    alertMinSeverity: e.RMQ_DRIFT_ALERT_MIN_SEVERITY ?? "high",
    reportLinks: {
      urlBase: e.RMQ_DRIFT_REPORT_URL_BASE,
      presignSeconds: e.RMQ_DRIFT_PRESIGN_SECONDS,
    },
    httpTokenHashes: Object.freeze(e.RMQ_DRIFT_HTTP_TOKEN_SHA256),
    concurrency: e.RMQ_DRIFT_CONCURRENCY,
    listing: e.RMQ_DRIFT_LISTING ?? "checked",
    timeoutMs: e.RMQ_DRIFT_TIMEOUT_MS,
    storeTimeoutMs: e.RMQ_DRIFT_STORE_TIMEOUT_MS,
    leaseWaitMs: e.RMQ_DRIFT_LEASE_WAIT_MS,
    logLevel: e.RMQ_DRIFT_LOG_LEVEL,
    exports: Object.freeze(e.RMQ_DRIFT_EXPORTS),
    fanout: Object.freeze({
      platform: e.RMQ_DRIFT_FANOUT,
      shardSize: e.RMQ_DRIFT_SHARD_SIZE,
      waitMs: e.RMQ_DRIFT_SHARD_WAIT_SECONDS * 1000,
      workerFunction: e.RMQ_DRIFT_WORKER_FUNCTION,
      workers: e.RMQ_DRIFT_WORKERS,
      endpoint: e.RMQ_DRIFT_FANOUT_ENDPOINT,
      fcAccountId: e.RMQ_DRIFT_FC_ACCOUNT_ID,
      fcRegion: e.RMQ_DRIFT_FC_REGION,
      awsRegion: e.AWS_REGION,
    }),
    variable: (name: string) => env[name]?.trim() || undefined,
  });
}
