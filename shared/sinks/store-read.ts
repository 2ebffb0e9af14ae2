// Reading back what `storeRun` wrote: the latest pointer, the previous report (history input), and a
// run by id (`GET /reports/{runId}`).
//
// Decision on damaged history: a read that FAILS (network, permissions) throws `StoreError`, because
// guessing "no history" would mark every finding new and lose first-seen dates. Content that was read
// but is corrupt (bad JSON, wrong shape, checksum mismatch, another schemaVersion) is logged as a
// warning and treated as no history: the run then reports everything as new (loud, not silent), and
// its own `latest.json` replaces the damaged pointer, so one bad object cannot brick every later run.
import { StoreError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import {
  type LatestPointer,
  LatestPointerSchema,
  type Report,
  ReportSchema,
} from "../report/schema.ts";
import { LATEST_KEY, runKeys, sha256Hex } from "./layout.ts";
import type { ReportStore } from "./store.ts";

export interface ReadOptions {
  logger?: Logger;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The current `latest.json`; `null` when none exists. A corrupt pointer throws `StoreError`. */
export async function readLatest(store: ReportStore): Promise<LatestPointer | null> {
  const text = await store.get(LATEST_KEY);
  if (text === null) return null;
  const parsed = parseLatest(text);
  if (!parsed.ok) throw corrupt(store, LATEST_KEY, parsed.problem);
  return parsed.value;
}

/** Like `readLatest`, but a corrupt pointer counts as none (with a warning) so it can be replaced. */
export async function readLatestOrNull(
  store: ReportStore,
  options: ReadOptions = {},
): Promise<LatestPointer | null> {
  const text = await store.get(LATEST_KEY);
  if (text === null) return null;
  const parsed = parseLatest(text);
  if (parsed.ok) return parsed.value;
  warn(options, store, LATEST_KEY, parsed.problem);
  return null;
}

/**
 * `readLatestOrNull` plus the version to swap against. A corrupt pointer is `pointer: null` with its
 * real version, so the swap can replace exactly that object.
 */
export async function readLatestVersioned(
  store: ReportStore,
  options: ReadOptions = {},
): Promise<{ pointer: LatestPointer | null; version: string | null }> {
  const got = await store.getWithVersion(LATEST_KEY);
  if (got === null) return { pointer: null, version: null };
  const parsed = parseLatest(got.body);
  if (!parsed.ok) warn(options, store, LATEST_KEY, parsed.problem);
  return { pointer: parsed.ok ? parsed.value : null, version: got.version };
}

/** The report `latest.json` points at, for history; `null` when there is none or it is unusable. */
export async function readPreviousReport(
  store: ReportStore,
  options: ReadOptions = {},
): Promise<Report | null> {
  const latest = await readLatestOrNull(store, options);
  if (latest === null) return null;
  const text = await store.get(latest.reportKey);
  if (text === null) {
    warn(options, store, latest.reportKey, "latest.json points at a report that does not exist");
    return null;
  }
  if (sha256Hex(text) !== latest.sha256) {
    warn(options, store, latest.reportKey, "SHA-256 does not match latest.json");
    return null;
  }
  const parsed = parseReport(text);
  if (parsed.ok) return parsed.value;
  warn(options, store, latest.reportKey, parsed.problem);
  return null;
}

/**
 * A stored run's report; `null` when the run does not exist. A run id that is not of the form
 * `20261125T030000Z-3f9a2c` throws `RequestError` before any key is built (it may come from a URL).
 * An explicitly requested report that is corrupt throws `StoreError`: there is nothing to fall back to.
 */
export async function readRunReport(store: ReportStore, runId: string): Promise<Report | null> {
  const key = runKeys(runId).report;
  const text = await store.get(key);
  if (text === null) return null;
  const parsed = parseReport(text);
  if (!parsed.ok) throw corrupt(store, key, parsed.problem);
  if (parsed.value.runId !== runId) throw corrupt(store, key, `holds run ${parsed.value.runId}`);
  return parsed.value;
}

function parseLatest(text: string): Parsed<LatestPointer> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const result = LatestPointerSchema.safeParse(json.value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problem: `not a latest pointer (${issueSummary(result.error.issues)})` };
}

function parseReport(text: string): Parsed<Report> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const version = (json.value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== 1) return { ok: false, problem: `unsupported schemaVersion ${String(version)}` };
  const result = ReportSchema.safeParse(json.value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problem: `not a report (${issueSummary(result.error.issues)})` };
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: "not valid JSON" };
  }
}

function issueSummary(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  if (!first) return "invalid";
  const more = issues.length > 1 ? ` and ${issues.length - 1} more` : "";
  return `${first.path.map(String).join(".") || "(root)"}: ${first.message}${more}`;
}

function corrupt(store: ReportStore, key: string, problem: string): StoreError {
  return new StoreError(`corrupt object ${key} in ${store.location}: ${problem}`);
}

function warn(options: ReadOptions, store: ReportStore, key: string, problem: string): void {
  (options.logger ?? silentLogger).warn("ignoring unusable previous report; history starts over", {
    store: store.location,
    key,
    problem,
  });
}
