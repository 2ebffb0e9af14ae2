// The storage layout of DESIGN.md §7, relative to a store's root (its prefix or folder).
import { createHash } from "node:crypto";
import { runPrefixFromId } from "../report/run-id.ts";

export const LATEST_KEY = "latest.json";
export const INDEX_KEY = "index.json";

export const CONTENT_TYPES = {
  json: "application/json; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
} as const;

/** Keys of a run's objects. Throws `InputError` for a malformed run id, before any key exists. */
export function runKeys(runId: string) {
  const dir = runPrefixFromId(runId);
  return {
    report: `${dir}/report.json`,
    markdown: `${dir}/report.md`,
    html: `${dir}/report.html`,
    snapshot: `${dir}/snapshot.json`,
    /** Fan-out runs only (DESIGN.md §9): the coordinator's plan and each worker's shard. */
    plan: `${dir}/plan.json`,
    shardsPrefix: `${dir}/shards`,
    shard: (n: number) => `${dir}/shards/${n}.json`,
    /** An object stored beside the report (exports: `report.csv`, `report.sarif.json`, …). */
    beside: (name: string) => `${dir}/${name}`,
  };
}

/** Hex SHA-256 of the UTF-8 bytes, as recorded in `latest.json` and S3 metadata. */
export function sha256Hex(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}
