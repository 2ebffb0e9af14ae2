// An exclusive lock file next to an object (`latest.json.lock`), so the folder store's
// read-compare-write is atomic between processes (the cron run and `serve` may share a reports folder),
// not only within one. `open(…, "wx")` is an atomic create-if-absent on local file systems; on NFS
// older than v3 it is not, which is the one place this guarantee does not hold.
//
// The lock records its holder and expiry, so a lock left behind is judged by what it says rather than
// by its modification time: a holder on this machine whose process is gone, or an expiry that passed,
// frees it at once; an expiry further ahead than any holder could have set (a clock far ahead, a
// corrupt file) counts as expired instead of blocking every later run.

import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ExecutionError } from "../errors.ts";
import { holderIsGone, type LockHolder, thisProcess } from "./lock-holder.ts";

export interface LockOptions {
  /** How long a lock is valid after it is taken; default 30 s (holders keep it for milliseconds). */
  ttlMs?: number;
  /** Clock difference tolerated between machines sharing the folder; default 10 s. */
  skewMs?: number;
  /** How long to wait for a live holder before failing; default 45 s (past `ttlMs + skewMs`, so a
   * crashed holder's lock is always broken before we give up). */
  waitMs?: number;
  /** Stops waiting (the store attempt's deadline). */
  signal?: AbortSignal;
  now?: () => number;
}

/** What a lock file holds. */
export interface LockRecord extends LockHolder {
  token: string;
  acquiredAt: string;
  expiresAt: string;
}

/** Thrown when the lock stays held by a live holder longer than `waitMs`. */
export class LockTimeoutError extends ExecutionError {
  override name = "LockTimeoutError";
  readonly code = "ELOCKTIMEOUT";
}

export async function withFileLock<T>(
  file: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const lock = `${file}.lock`;
  const content = await acquire(lock, options);
  try {
    options.signal?.throwIfAborted();
    return await fn();
  } finally {
    await release(lock, content);
  }
}

async function acquire(lock: string, options: LockOptions): Promise<string> {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 30_000;
  const deadline = now() + (options.waitMs ?? 45_000);
  await mkdir(dirname(lock), { recursive: true });
  for (;;) {
    options.signal?.throwIfAborted();
    const content = recordOf(now(), ttlMs);
    if (await tryCreate(lock, content)) return content;
    if (await breakIfAbandoned(lock, { ttlMs, skewMs: options.skewMs ?? 10_000, now })) continue;
    if (now() > deadline) {
      const holder = await readFile(lock, "utf8").catch(() => "");
      throw new LockTimeoutError(`${lock} is held by another writer (${holderText(holder)})`);
    }
    // Jittered so two waiters do not wake in lockstep; holders keep the lock for milliseconds.
    await delay(5 + Math.random() * 20, undefined, { signal: options.signal });
  }
}

function recordOf(at: number, ttlMs: number): string {
  const record: LockRecord = {
    token: randomBytes(8).toString("hex"),
    ...thisProcess(),
    acquiredAt: new Date(at).toISOString(),
    expiresAt: new Date(at + ttlMs).toISOString(),
  };
  return JSON.stringify(record);
}

async function tryCreate(lock: string, content: string): Promise<boolean> {
  try {
    const handle = await open(lock, "wx");
    try {
      await handle.writeFile(content, "utf8");
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
}

interface Judgement {
  ttlMs: number;
  skewMs: number;
  now: () => number;
}

// Breaking it only when it is still the same lock we judged keeps us from removing a lock someone
// else has just taken over (a narrow window remains between our last read and the removal).
async function breakIfAbandoned(lock: string, judge: Judgement): Promise<boolean> {
  try {
    const content = await readFile(lock, "utf8");
    const { mtimeMs } = await stat(lock);
    if (!isAbandoned(content, mtimeMs, judge)) return false;
    if ((await readFile(lock, "utf8")) !== content) return true;
    await rm(lock, { force: true });
    return true;
  } catch (error) {
    // Released between our attempt and our look: try again at once.
    if (codeOf(error) === "ENOENT") return true;
    throw error;
  }
}

/** Whether a lock with this content (and file time) may be broken. Exported for tests. */
export function isAbandoned(content: string, mtimeMs: number, judge: Judgement): boolean {
  const now = judge.now();
  const record = parseRecord(content);
  // A lock whose record is unreadable (being written this instant, or left by an older version)
  // is judged by its file time, with the same rules for the past and the future.
  const expiresAt = record ? Date.parse(record.expiresAt) : mtimeMs + judge.ttlMs;
  if (!Number.isFinite(expiresAt) || now > expiresAt) return true;
  if (expiresAt > now + judge.ttlMs + judge.skewMs) return true;
  return record !== null && holderIsGone(record);
}

function parseRecord(content: string): LockRecord | null {
  try {
    const value = JSON.parse(content) as Partial<LockRecord> | null;
    const ok =
      typeof value?.token === "string" &&
      typeof value.host === "string" &&
      typeof value.pid === "number" &&
      typeof value.expiresAt === "string";
    return ok ? (value as LockRecord) : null;
  } catch {
    return null;
  }
}

function holderText(content: string): string {
  const record = parseRecord(content);
  return record
    ? `holder ${record.host} pid ${record.pid}, expires ${record.expiresAt}`
    : "holder unknown";
}

// Only our own lock is removed: if ours was broken as expired, the file now belongs to someone else.
// A failure here must not turn a completed write into an error; a lock left behind names a holder
// that is gone or an expiry that passes, and the next writer breaks it.
async function release(lock: string, content: string): Promise<void> {
  try {
    if ((await readFile(lock, "utf8")) === content) await rm(lock, { force: true });
  } catch {
    // See above.
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
