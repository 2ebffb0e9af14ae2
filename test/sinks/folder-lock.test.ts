// Lock files name their holder and expiry (issue 15 item 7): a lock left by a dead process or with a
// passed expiry is broken at once, a lock dated far in the future counts as expired, and a live
// holder is waited for.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LockTimeoutError, withFileLock } from "../../shared/sinks/folder-lock.ts";
import { thisProcess } from "../../shared/sinks/lock-holder.ts";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-lock-"));
  file = join(dir, "latest.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

async function plantLock(record: Record<string, unknown>, mtime?: Date) {
  const lock = `${file}.lock`;
  await writeFile(lock, JSON.stringify({ token: "planted", ...record }));
  if (mtime) await utimes(lock, mtime, mtime);
}

/** How long `withFileLock` took to get in (ms), with a short wait limit so a hang shows as an error. */
async function timeToAcquire(waitMs = 1_500): Promise<number> {
  const started = Date.now();
  await withFileLock(file, async () => undefined, { waitMs });
  return Date.now() - started;
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe("folder lock holder and expiry", () => {
  it("records host, pid and expiry while held, and removes the lock afterwards", async () => {
    let seen: Record<string, unknown> = {};
    await withFileLock(file, async () => {
      seen = JSON.parse(await readFile(`${file}.lock`, "utf8"));
    });
    expect(seen).toMatchObject({ host: hostname(), pid: process.pid });
    const ttl = Date.parse(String(seen.expiresAt)) - Date.parse(String(seen.acquiredAt));
    expect(ttl).toBe(30_000);
    await expect(readFile(`${file}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("breaks at once a fresh, unexpired lock whose holder on this machine has exited", async () => {
    await plantLock({ ...thisProcess(), pid: await deadPid(), expiresAt: inSeconds(30) });
    expect(await timeToAcquire()).toBeLessThan(3_000);
  });

  it("breaks a lock whose expiry has passed, even when its holder looks alive elsewhere", async () => {
    await plantLock({ host: "other-host", pid: 1, expiresAt: inSeconds(-1) });
    expect(await timeToAcquire()).toBeLessThan(3_000);
  });

  it("treats a lock dated beyond the skew bound in the future as expired", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    await plantLock({ host: "other-host", pid: 1, expiresAt: tomorrow.toISOString() }, tomorrow);
    expect(await timeToAcquire()).toBeLessThan(3_000);
    // An unreadable lock (an older version's, or garbage) is judged by its file time: same rule.
    await writeFile(`${file}.lock`, "4242.crashed");
    await utimes(`${file}.lock`, tomorrow, tomorrow);
    expect(await timeToAcquire()).toBeLessThan(3_000);
  });

  it("waits for a live holder within the skew bound, and says who holds it when it gives up", async () => {
    await plantLock({ host: "other-host", pid: 77, expiresAt: inSeconds(35) });
    const error = await timeToAcquire(150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toContain("holder other-host pid 77, expires");
    // Our own pid with another token is another holder in this process: alive.
    await plantLock({ ...thisProcess(), expiresAt: inSeconds(20) });
    await expect(timeToAcquire(150)).rejects.toBeInstanceOf(LockTimeoutError);
  });

  it("does not take a dead pid for a gone holder when it ran in another pid namespace", async () => {
    const pid = await deadPid();
    await plantLock({ ...thisProcess(), pidNamespace: "pid:[1]", pid, expiresAt: inSeconds(20) });
    await expect(timeToAcquire(150)).rejects.toBeInstanceOf(LockTimeoutError);
  });

  it("stops waiting when the store attempt's deadline aborts it", async () => {
    await plantLock({ host: "other-host", pid: 77, expiresAt: inSeconds(20) });
    const signal = AbortSignal.timeout(100);
    const started = Date.now();
    await expect(withFileLock(file, async () => 1, { signal })).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
