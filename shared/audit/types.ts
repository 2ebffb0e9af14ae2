// The pipeline's seam with its callers (CLI, HTTP, scheduled): what one audit run is asked to do and
// what it hands back. Entry points depend on these types, never on the pipeline's internals.
import type { Report, RunIndexEntry, Trigger } from "../report/schema.ts";

export interface AuditRequest {
  trigger: Trigger;
  /** Globs over target keys (`--only`, HTTP `targets`); all baseline targets when absent. */
  targets?: readonly string[];
  /** Principal globs (`--principal`, HTTP `principals`): a targeted audit with point reads. */
  principals?: readonly string[];
  /** Compare and report, but store nothing and send no alert. */
  dryRun?: boolean;
  /** Skip alerts but still store (`--no-alerts`). */
  noAlerts?: boolean;
  /** Offline mode: evaluate this snapshot file instead of calling the clouds. */
  snapshotPath?: string;
}

export interface AuditOutcome {
  report: Report;
  /** Where report.json was stored (`s3://…` or a file path); null on a dry run. */
  reportUrl: string | null;
  /** Where report.html was stored; null on a dry run. */
  htmlUrl: string | null;
  /** New findings the alert counted (unwaived, at or above its threshold); null when none was sent. */
  alertedFindings?: number | null;
}

/** What the HTTP router needs from the application. */
export interface HttpApp {
  audit(request: AuditRequest): Promise<AuditOutcome>;
  latestReport(): Promise<Report | null>;
  /** The stored runs (`index.json`), newest first: `GET /reports`. */
  listReports(): Promise<RunIndexEntry[]>;
  /** null when no run with that id exists; throws for an id of the wrong format. */
  report(runId: string): Promise<Report | null>;
  /** The stored report.html of a complete run (one with report.json); null when there is none. */
  reportHtml(runId: string): Promise<string | null>;
  /** SHA-256 hex digests of accepted bearer tokens (`RMQ_DRIFT_HTTP_TOKEN_SHA256`). */
  tokenHashes: readonly string[];
}

/** The platform's temporary keys in the shape the S3 client takes (OSS and OBS accept STS tokens). */
export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What a fan-out worker did with its shard (the coordinator reads the shard object, not this). */
export interface ShardOutcome {
  runId: string;
  n: number;
  /**
   * `written`: shards/{n}.json stored. `skipped`: nothing to do (the run already has its report, the
   * shard is already stored by an earlier delivery, or the plan's deadline has passed).
   */
  result: "written" | "skipped";
  reason?: string;
  targets: number;
}
