// Trends over `index.json` (pure): the entry a run adds, the window the HTML chart shows, and the
// mean time to resolve.
import type { Report, RunIndexEntry } from "./schema.ts";

/** How many full runs `index.json` keeps. */
export const INDEX_LIMIT = 500;
/** How many runs the HTML report charts. */
export const TREND_RUNS = 30;

export function indexEntryOf(report: Report): RunIndexEntry {
  const started = Date.parse(report.startedAt);
  const ages = report.resolved.map((f) => Math.max(0, started - Date.parse(f.firstSeenAt)));
  return {
    runId: report.runId,
    finishedAt: report.finishedAt,
    status: report.status,
    summary: report.summary,
    resolution: { count: ages.length, totalMs: ages.reduce((a, b) => a + b, 0) },
  };
}

/** `entry` put in its place (replacing an entry of the same run), newest first, at most `limit`. */
export function withEntry(
  index: readonly RunIndexEntry[],
  entry: RunIndexEntry,
  limit = INDEX_LIMIT,
): RunIndexEntry[] {
  return [...index.filter((e) => e.runId !== entry.runId), entry].sort(newestFirst).slice(0, limit);
}

/** The runs a chart shows, oldest first (time runs left to right). */
export function trendWindow(index: readonly RunIndexEntry[], runs = TREND_RUNS): RunIndexEntry[] {
  return [...index].sort(newestFirst).slice(0, runs).reverse();
}

/** Mean milliseconds from first seen to resolved over `entries`; null when nothing was resolved. */
export function meanTimeToResolve(entries: readonly RunIndexEntry[]): {
  meanMs: number;
  count: number;
} | null {
  let count = 0;
  let total = 0;
  for (const e of entries) {
    count += e.resolution?.count ?? 0;
    total += e.resolution?.totalMs ?? 0;
  }
  return count === 0 ? null : { meanMs: total / count, count };
}

function newestFirst(a: RunIndexEntry, b: RunIndexEntry): number {
  const d = Date.parse(b.finishedAt) - Date.parse(a.finishedAt);
  return d !== 0 ? d : a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}
