// `index.json` (DESIGN.md §7): the last 500 full runs, updated after `latest.json` and by the same
// compare-and-swap (see `store-run.ts`): two overlapping runs each re-read and retry rather than one
// overwriting the other's entry.
import { StoreError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import { type RunIndexEntry, RunIndexSchema } from "../report/schema.ts";
import { withEntry } from "../report/trend.ts";
import { CONTENT_TYPES, INDEX_KEY } from "./layout.ts";
import type { ReportStore } from "./store.ts";

const MAX_SWAP_ATTEMPTS = 8;

export interface IndexOptions {
  logger?: Logger;
}

/** The stored index, newest first; `[]` when there is none. A corrupt index counts as empty (with a
 * warning): it is a derived trend, and the next full run replaces it. Read failures throw. */
export async function readRunIndex(
  store: ReportStore,
  options: IndexOptions = {},
): Promise<RunIndexEntry[]> {
  const text = await store.get(INDEX_KEY);
  return text === null ? [] : parseIndex(text, store, options);
}

/** Adds (or replaces) one run's entry. */
export async function addToRunIndex(
  store: ReportStore,
  entry: RunIndexEntry,
  options: IndexOptions = {},
): Promise<RunIndexEntry[]> {
  for (let attempt = 1; attempt <= MAX_SWAP_ATTEMPTS; attempt++) {
    const current = await store.getWithVersion(INDEX_KEY);
    const index = current ? parseIndex(current.body, store, options) : [];
    const next = withEntry(index, entry);
    const body = `${JSON.stringify(next, null, 2)}\n`;
    if (await store.putIfVersion(INDEX_KEY, body, CONTENT_TYPES.json, current?.version ?? null))
      return next;
    (options.logger ?? silentLogger).warn("index.json changed while storing; re-reading", {
      store: store.location,
      runId: entry.runId,
      attempt,
    });
  }
  throw new StoreError(
    `could not update ${INDEX_KEY} in ${store.location}: it changed under every one of ` +
      `${MAX_SWAP_ATTEMPTS} attempts`,
  );
}

function parseIndex(text: string, store: ReportStore, options: IndexOptions): RunIndexEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = RunIndexSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  (options.logger ?? silentLogger).warn("ignoring a corrupt index.json; it will be rewritten", {
    store: store.location,
    key: INDEX_KEY,
  });
  return [];
}
