// Writes one run into a store in the order DESIGN.md §7 fixes: the run's other objects first (exports
// included), then `report.json` (its presence is what makes a run folder a run: readers serve nothing
// without it, so a run whose storage failed or was killed half-way is never served as complete),
// `latest.json` and `index.json` last, and `latest.json` only when this run is not older than the one
// it points at. Two runs may
// overlap (the cron run and `POST /audit`), so the pointer is advanced by compare-and-swap: a plain
// read-then-write would let both read before either writes, and the older one could land last.
import { StoreError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import type { LatestPointer, Report } from "../report/schema.ts";
import { indexEntryOf } from "../report/trend.ts";
import { CONTENT_TYPES, LATEST_KEY, runKeys, sha256Hex } from "./layout.ts";
import { addToRunIndex } from "./run-index.ts";
import type { ReportStore } from "./store.ts";
import { readLatestOrNull, readLatestVersioned } from "./store-read.ts";

// Each lost swap means another writer just succeeded, so a handful is plenty; running out means the
// pointer is being rewritten continuously, which is worth failing loudly over.
const MAX_SWAP_ATTEMPTS = 8;

export interface RunArtifacts {
  report: Report;
  markdown: string;
  html: string;
  snapshotJson: string;
  /** More objects stored in the run's folder (exports), by file name. */
  extras?: ReadonlyArray<{ name: string; contentType: string; body: string }>;
}

export interface StoredObject {
  key: string;
  contentType: string;
  /** Hex SHA-256 of the UTF-8 bytes written. */
  sha256: string;
  bytes: number;
}

export interface StoredRun {
  reportKey: string;
  objects: StoredObject[];
  /** False when `latest.json` already points at a newer run (this one was stored late), or when
   * the caller asked not to update it. */
  latestUpdated: boolean;
  /** The pointer now in effect: this run's, or the one that was kept; `null` only when no pointer
   * exists and this run did not write one (`updateLatest: false`). */
  latest: LatestPointer | null;
  /** Whether this run's entry is in `index.json` (full runs only). */
  indexUpdated: boolean;
}

export interface StoreRunOptions {
  logger?: Logger;
  /** Default true. False stores the run's objects but leaves `latest.json` alone (targeted audits,
   * which cover part of the estate and must not become the history of the next full run). */
  updateLatest?: boolean;
}

/**
 * Stores a run. Any failed write (after the store's retries) throws `StoreError` and leaves
 * `latest.json` untouched, so a half-stored run is never what readers are pointed at. Storing the
 * same run again (e.g. to record alert deliveries) rewrites its objects and its pointer.
 */
export async function storeRun(
  store: ReportStore,
  run: RunArtifacts,
  options: StoreRunOptions = {},
): Promise<StoredRun> {
  const keys = runKeys(run.report.runId);
  const report = describeObject(
    keys.report,
    CONTENT_TYPES.json,
    `${JSON.stringify(run.report, null, 2)}\n`,
  );
  const others = [
    describeObject(keys.markdown, CONTENT_TYPES.markdown, run.markdown),
    describeObject(keys.html, CONTENT_TYPES.html, run.html),
    describeObject(keys.snapshot, CONTENT_TYPES.json, run.snapshotJson),
    ...(run.extras ?? []).map((x) => describeObject(keys.beside(x.name), x.contentType, x.body)),
  ];
  await putAll(store, others);
  await store.put(report.key, report.body, report.contentType);
  const objects = [report, ...others];
  const pointer = latestPointerOf(run.report, keys.report, report.sha256);
  const full = options.updateLatest !== false;
  const outcome = full
    ? await advanceLatest(store, pointer, options)
    : { latestUpdated: false, latest: await readLatestOrNull(store, options) };
  // A run stored late (latest kept the newer one) still belongs in the trend, in its place.
  if (full) await addToRunIndex(store, indexEntryOf(run.report), options);
  return {
    reportKey: keys.report,
    objects: objects.map(({ body: _body, ...meta }) => meta),
    ...outcome,
    indexUpdated: full,
  };
}

/** Read pointer and version; stop if it is newer than ours; else swap; on a lost swap, start over. */
async function advanceLatest(
  store: ReportStore,
  pointer: LatestPointer,
  options: StoreRunOptions,
): Promise<{ latestUpdated: boolean; latest: LatestPointer }> {
  const body = `${JSON.stringify(pointer, null, 2)}\n`;
  for (let attempt = 1; attempt <= MAX_SWAP_ATTEMPTS; attempt++) {
    const current = await readLatestVersioned(store, options);
    if (current.pointer !== null && isOlder(pointer, current.pointer)) {
      return { latestUpdated: false, latest: current.pointer };
    }
    if (await store.putIfVersion(LATEST_KEY, body, CONTENT_TYPES.json, current.version)) {
      return { latestUpdated: true, latest: pointer };
    }
    (options.logger ?? silentLogger).warn("latest.json changed while storing; re-reading", {
      store: store.location,
      runId: pointer.runId,
      attempt,
    });
  }
  throw new StoreError(
    `could not update ${LATEST_KEY} in ${store.location}: it changed under every one of ` +
      `${MAX_SWAP_ATTEMPTS} attempts`,
  );
}

function describeObject(key: string, contentType: string, body: string) {
  return {
    key,
    contentType,
    body,
    sha256: sha256Hex(body),
    bytes: Buffer.byteLength(body, "utf8"),
  };
}

// In parallel for latency, but every write settles before we report: a thrown error must not leave
// writes still running behind the caller's back.
async function putAll(
  store: ReportStore,
  objects: Array<{ key: string; contentType: string; body: string }>,
): Promise<void> {
  const results = await Promise.allSettled(
    objects.map((o) => store.put(o.key, o.body, o.contentType)),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

function latestPointerOf(report: Report, reportKey: string, sha256: string): LatestPointer {
  const { runId, status, summary, finishedAt } = report;
  return { runId, status, summary, finishedAt, reportKey, sha256 };
}

/** Older = finished earlier; on a tie, the smaller run id. The same run is not older than itself. */
export function isOlder(candidate: LatestPointer, current: LatestPointer): boolean {
  const a = Date.parse(candidate.finishedAt);
  const b = Date.parse(current.finishedAt);
  if (a !== b) return a < b;
  return candidate.runId < current.runId;
}
