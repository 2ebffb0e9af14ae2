// A local folder as a report store (the default, `./reports`). Writes go to a temp file in the same
// directory and are renamed into place, so a reader (the HTTP handler, a browser) never sees half a
// file and a crash mid-write leaves the previous object intact.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { RetryVerdict } from "../net/retry.ts";
import { withFileLock } from "./folder-lock.ts";
import { sha256Hex } from "./layout.ts";
import type { ReportStore, StoreOptions, Versioned } from "./store.ts";
import { checkKey, retryStoreOp } from "./store-io.ts";

// Transient conditions worth another try; everything else (EACCES, ENOSPC, ENOTDIR…) will not heal
// within a run's backoff budget, so it fails at once.
const TRANSIENT = new Set(["EBUSY", "EAGAIN", "EMFILE", "ENFILE", "EINTR", "ETIMEDOUT"]);

export function openFolderStore(path: string, options: StoreOptions = {}): ReportStore {
  const root = resolve(path === "" ? "./reports" : path);
  const fileOf = (key: string) => join(root, ...checkKey(key).split("/"));
  const op = (kind: "write" | "read" | "list" | "delete", key: string) => ({
    location: root,
    op: kind,
    key,
    classify,
    describe,
  });
  return {
    location: root,
    put: (key, body) =>
      retryStoreOp(op("write", key), options, (signal) =>
        writeAtomically(fileOf(key), body, signal),
      ),
    get: (key) =>
      retryStoreOp(op("read", key), options, (signal) => readIfExists(fileOf(key), signal)),
    url: (key) => fileOf(key),
    list: (prefix) =>
      retryStoreOp(op("list", prefix), options, () => listFiles(root, fileOf(prefix))),
    delete: (key) =>
      retryStoreOp(op("delete", key), options, () => rm(fileOf(key), { force: true })),
    getWithVersion: (key) =>
      retryStoreOp(op("read", key), options, (signal) => readVersioned(fileOf(key), signal)),
    putIfVersion: (key, body, _contentType, expected) =>
      retryStoreOp(op("write", key), options, (signal) =>
        swapLocked(fileOf(key), body, expected, options, signal),
      ),
  };
}

// The version is the content's hash rather than mtime/size: mtimes are coarse on some file systems,
// and two writes of the same bytes are the same state for a compare-and-swap.
async function readVersioned(file: string, signal: AbortSignal): Promise<Versioned | null> {
  const body = await readIfExists(file, signal);
  return body === null ? null : { body, version: sha256Hex(body) };
}

// Under the lock, nobody else can write between our compare and our rename, so this is a true
// compare-and-swap among writers that use it (every writer of `latest.json` does, via `storeRun`).
function swapLocked(
  file: string,
  body: string,
  expected: string | null,
  options: StoreOptions,
  signal: AbortSignal,
): Promise<boolean> {
  return withFileLock(
    file,
    async () => {
      const current = await readVersioned(file, signal);
      if ((current?.version ?? null) !== expected) return false;
      await writeAtomically(file, body, signal);
      return true;
    },
    { ...options.lock, signal },
  );
}

// After the attempt's deadline, nothing more is written: a late rename must not land behind the back
// of a caller that has already been told the write failed (and may be retrying it).
async function writeAtomically(file: string, body: string, signal: AbortSignal): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, body, { encoding: "utf8", flush: true, signal });
    signal.throwIfAborted();
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

// Temp files of writes in progress and lock files are not objects.
async function listFiles(root: string, dir: string): Promise<string[]> {
  let entries: Awaited<ReturnType<typeof readdirFiles>>;
  try {
    entries = await readdirFiles(dir);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && !/\.(tmp|lock)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

const readdirFiles = (dir: string) => readdir(dir, { recursive: true, withFileTypes: true });

async function readIfExists(file: string, signal: AbortSignal): Promise<string | null> {
  try {
    return await readFile(file, { encoding: "utf8", signal });
  } catch (error) {
    if (codeOf(error) === "ENOENT") return null;
    throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

function classify(error: unknown): RetryVerdict {
  return { retry: TRANSIENT.has(codeOf(error) ?? "") };
}

function describe(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
