// The seam between the pipeline and the clouds: a collector turns one baseline target into one
// snapshot target. Nothing above a collector knows a cloud's wire format.

import type { Logger } from "../log/logger.ts";
import type { TargetBase } from "../model/target.ts";
import type { RetryPolicy } from "../net/retry.ts";
import type { ListingMode } from "./consistent-listing.ts";
import type { SnapshotTarget } from "./index.ts";
import type { SecretRegistry } from "./redact.ts";

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface HuaweiCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

/** One request as a provider signs it, the same for every cloud. */
export interface RequestToSign {
  method: string;
  /** The path as it goes on the wire: percent-encoded, without the query. */
  path: string;
  /** Decoded query names and values. */
  query: Readonly<Record<string, string>>;
  /** The headers to sign, `host` included, as they will be sent. */
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes; none for a GET. */
  body?: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/** Signs a request: the headers to add to it, `Authorization` among them, named as sent. */
export type RequestSigner = (request: RequestToSign) => Record<string, string>;

export interface CollectOptions {
  /** Principal globs (`--principal`): only these principals are read, with the point-read calls. */
  principals?: readonly string[];
  /** A discovered instance: its instance-level settings only, no principals. */
  instanceOnly?: boolean;
  /**
   * The target as this run just listed it. A principal read (the confirmation re-read) takes the
   * instance settings from it instead of reading them again: only the principals are in question.
   */
  listed?: SnapshotTarget;
  logger?: Logger;
  signal?: AbortSignal;
}

export interface TargetCollection<S = SnapshotTarget> {
  /** `status: "error"` when the target could not be read after retries — never an empty ok target. */
  target: S;
  /** HTTP requests sent for this target, retries included. */
  apiCalls: number;
  durationMs: number;
}

export type Collector<T extends TargetBase = TargetBase> = (
  target: T,
  options?: CollectOptions,
) => Promise<TargetCollection>;

/** What every provider's collector is built with: one cloud account's credentials and budget. */
export interface CollectorOptions<Credentials> {
  credentials: Credentials;
  /** `RMQ_DRIFT_<PROVIDER>_ENDPOINT`: used when a target names no endpoint of its own. */
  endpointOverride?: string;
  /** Requests per second for this cloud account (`RMQ_DRIFT_<PROVIDER>_QPS`). */
  qps: number;
  concurrency: number;
  /** How multi-page listings are trusted (`RMQ_DRIFT_LISTING`, default `checked`). */
  listing?: ListingMode;
  timeoutMs?: number;
  /** The cloud account behind `credentials`: collectors of one account share one request budget. */
  budgetKey?: string;
  retry?: RetryPolicy;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** The clock requests are signed with (tests of clock skew); default the system clock. */
  signingClock?: () => Date;
  /** Monotonic ms clock of the request budget; tests pair it with a fake `sleep`. */
  budgetClock?: () => number;
  /**
   * The run's secret registry, shared by every client of the run: each adds its credentials and
   * every secret it drops, and blanks all of them out of what it reports. Default: a private one.
   */
  secrets?: SecretRegistry;
}
