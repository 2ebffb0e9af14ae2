// An exclusive lock file next to an object (`latest.json.lock`), so the folder store's
// read-compare-write is atomic between processes (the cron run and `serve` may share a reports folder),
// not only within one. `open(…, "wx")` is an atomic create-if-absent on local file systems; on NFS
// older than v3 it is not, which is the one place this guarantee does not hold.

import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ExecutionError } from "../errors.ts";

export interface LockOptions {
  /** A lock older than this is taken to belong to a crashed process and is broken; default 30 s. */
  staleMs?: number;
  /** How long to wait for a live holder before failing; default 45 s (past `staleMs`, so a crashed
   * holder's lock is always broken before we give up). */
  waitMs?: number;
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
  const token = await acquire(lock, options);
  try {
    return await fn();
  } finally {
    await release(lock, token);
  }
}

async function acquire(lock: string, options: LockOptions): Promise<string> {
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 45_000);
  const token = `${process.pid}.${randomBytes(8).toString("hex")}`;
  await mkdir(dirname(lock), { recursive: true });
  for (;;) {
    if (await tryCreate(lock, token)) return token;
    if (await breakIfStale(lock, staleMs)) continue;
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`${lock} is held by another writer (waited past the limit)`);
    }
    // Jittered so two waiters do not wake in lockstep; holders keep the lock for milliseconds.
    await delay(5 + Math.random() * 20);
  }
}

async function tryCreate(lock: string, token: string): Promise<boolean> {
  try {
    const handle = await open(lock, "wx");
    try {
      await handle.writeFile(token, "utf8");
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
}

// A holder that crashed never removes its lock. Breaking it only when it is both old and still the
// same lock we judged old keeps us from removing a lock someone else has just taken over.
async function breakIfStale(lock: string, staleMs: number): Promise<boolean> {
  try {
    const info = await stat(lock);
    if (Date.now() - info.mtimeMs <= staleMs) return false;
    const owner = await readFile(lock, "utf8");
    const again = await stat(lock);
    if (again.mtimeMs !== info.mtimeMs || (await readFile(lock, "utf8")) !== owner) return true;
    await rm(lock, { force: true });
    return true;
  } catch (error) {
    // Released between our attempt and our look: try again at once.
    if (codeOf(error) === "ENOENT") return true;
    throw error;
  }
}

// Only our own lock is removed: if ours was broken as stale (we took > staleMs), the file now belongs
// to someone else. A failure here must not turn a completed write into an error; a lock left behind
// is broken as stale by the next writer.
async function release(lock: string, token: string): Promise<void> {
  try {
    if ((await readFile(lock, "utf8")) === token) await rm(lock, { force: true });
  } catch {
    // See above.
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
