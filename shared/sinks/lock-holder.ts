// Who holds a lock, recorded so that another process can tell whether the holder still exists. A pid
// only means something inside the pid namespace of the machine (boot) that issued it: two containers,
// or two function sandboxes, can share a host name and reuse each other's pids, so "the holder is
// gone" is only concluded when host, boot and pid namespace all match ours.
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

export interface LockHolder {
  host: string;
  pid: number;
  /** Linux boot id; absent elsewhere. */
  boot?: string;
  /** Linux pid namespace (`pid:[4026531836]`); absent elsewhere. */
  pidNamespace?: string;
}

let self: LockHolder | undefined;

export function thisProcess(): LockHolder {
  self ??= {
    host: hostname(),
    pid: process.pid,
    ...optional("boot", () => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()),
    ...optional("pidNamespace", () => readlinkSync("/proc/self/ns/pid")),
  };
  return { ...self, pid: process.pid };
}

/** True only when the holder ran where we run and its process no longer exists. */
export function holderIsGone(holder: LockHolder): boolean {
  const me = thisProcess();
  const sameSpace =
    holder.host === me.host && holder.boot === me.boot && holder.pidNamespace === me.pidNamespace;
  if (!sameSpace || holder.pid === me.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as { code?: string }).code === "ESRCH";
  }
}

function optional<K extends "boot" | "pidNamespace">(key: K, read: () => string) {
  try {
    const value = read();
    return value === "" ? {} : { [key]: value };
  } catch {
    return {};
  }
}
