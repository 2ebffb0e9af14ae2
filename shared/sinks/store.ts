// Where reports live (DESIGN.md §7): one small interface, two implementations chosen by URL at
// wiring time, so nothing above this file knows whether it writes to S3 or to a folder.
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { Logger } from "../log/logger.ts";
import type { RetryPolicy } from "../net/retry.ts";
import type { LockOptions } from "./folder-lock.ts";
import { openFolderStore } from "./folder-store.ts";
import { openLazyS3Store } from "./s3-lazy.ts";

export interface ReportStore {
  /** Human-readable root: `s3://bucket/prefix` or an absolute folder path. Never holds credentials. */
  readonly location: string;
  /** Writes one object; retried, then a `StoreError`. Keys are relative (`runs/…`, `latest.json`). */
  put(key: string, body: string, contentType: string): Promise<void>;
  /** Reads one object as UTF-8; `null` when it does not exist. Other failures throw `StoreError`. */
  get(key: string): Promise<string | null>;
  /** Where a human can open the object. */
  url(key: string): string;
  /** Keys under `prefix` (relative, like every key), sorted. Empty when there are none. */
  list(prefix: string): Promise<string[]>;
  /** Removes one object; removing an object that does not exist is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A time-limited https URL that opens the object without credentials (S3 only: a presigned
   * GET). Absent for stores that cannot make one (a folder).
   */
  presign?(key: string, expiresInSeconds: number): Promise<string>;
  /**
   * Reads one object with an opaque version token for `putIfVersion`; `null` when it does not exist.
   * S3: the ETag. Folder: the SHA-256 of the content.
   */
  getWithVersion(key: string): Promise<Versioned | null>;
  /**
   * Compare-and-swap: writes only if the object is still at `expected` (`null`: only if it does not
   * exist). `false` means someone else changed it first: re-read and decide again. Other failures
   * throw `StoreError` after retries. How strong the guarantee is depends on the store (see
   * `s3-swap.ts` and `folder-lock.ts`).
   */
  putIfVersion(
    key: string,
    body: string,
    contentType: string,
    expected: string | null,
  ): Promise<boolean>;
}

export interface Versioned {
  body: string;
  version: string;
}

export interface S3StoreOptions {
  /** `RMQ_DRIFT_S3_ENDPOINT` (OSS, OBS, MinIO). */
  endpoint?: string;
  /** `RMQ_DRIFT_S3_REGION`. */
  region?: string;
  /** `RMQ_DRIFT_S3_FORCE_PATH_STYLE`. */
  forcePathStyle?: boolean;
  /** Default: the SDK's provider chain (env, shared config, instance/function role). */
  credentials?: S3ClientConfig["credentials"];
}

export interface StoreOptions {
  s3?: S3StoreOptions;
  retry?: RetryPolicy;
  /** Deadline of each attempt of each read or write, in ms (default 15 s); then it is retried. */
  timeoutMs?: number;
  logger?: Logger;
  /** Folder store: the `latest.json.lock` timings (stale after 30 s by default). */
  lock?: LockOptions;
  /** Injected by tests to skip real backoff waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** `s3://bucket/prefix` → S3-compatible store; anything else → a local folder. */
export function openReportStore(url: string, options: StoreOptions = {}): ReportStore {
  return url.startsWith("s3://") ? openLazyS3Store(url, options) : openFolderStore(url, options);
}
