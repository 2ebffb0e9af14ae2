// `local`: workers as child processes of this machine (`audit --workers N`, tests, benchmarks). An
// invocation is accepted at once, like a platform's async queue, and runs when one of the `workers`
// slots is free; the child gets the payload as its last argument and inherits the environment.
// Because a child's end is visible here, a worker that exits without success is reported through
// `settled`, so the coordinator need not wait for the deadline to know its shard is lost.
import { spawn } from "node:child_process";
import { InvokeError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { encodeWorkerPayload } from "./payload.ts";
import type { InvokeResult, WorkerInvoker, WorkerPayload } from "./types.ts";

export interface LocalInvokerOptions {
  /** The program and its leading arguments, e.g. `[process.execPath, "bin/rmq-drift.mjs", "worker", "--payload"]`. */
  command: readonly [string, ...string[]];
  /** Child processes at once. */
  workers: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
  /** Stops a child that runs longer than this (default: never). */
  timeoutMs?: number;
}

/** Kept short: only the end of a crashed worker's stderr is worth a log line. */
const STDERR_TAIL = 2000;

export function createLocalInvoker(options: LocalInvokerOptions): WorkerInvoker {
  if (!(Number.isInteger(options.workers) && options.workers >= 1)) {
    throw new RangeError(`workers must be a positive integer, got ${options.workers}`);
  }
  const [program, ...leading] = options.command;
  const queue: Array<() => void> = [];
  const children = new Set<ReturnType<typeof spawn>>();
  let running = 0;
  let closed = false;

  const slot = () =>
    new Promise<void>((resolve) => {
      if (running < options.workers) {
        running++;
        resolve();
      } else queue.push(resolve);
    });
  const free = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };

  const runChild = (payload: WorkerPayload, encoded: string) =>
    new Promise<string | null>((resolve) => {
      const { n } = payload.shard;
      const child = spawn(program, [...leading, encoded], {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ["ignore", "ignore", "pipe"],
      });
      children.add(child);
      let stderr = "";
      child.stderr?.setEncoding("utf8");
      child.stderr?.on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL);
      });
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
      child.on("error", (err) => {
        clearTimeout(timer);
        children.delete(child);
        resolve(`worker ${n} could not start: ${err.message}`);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        if (code === 0) return resolve(null);
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        options.logger?.warn("local worker failed", {
          shard: n,
          code,
          signal,
          stderr: lastLine(stderr),
        });
        resolve(`worker ${n} ${how}${stderr ? `: ${lastLine(stderr)}` : ""}`);
      });
    });

  return {
    platform: "local",
    async invoke(payload): Promise<InvokeResult> {
      if (closed) {
        throw new InvokeError("the local invoker is closed", {
          platform: "local",
          functionName: program,
          httpStatus: null,
          code: "Closed",
          requestId: null,
        });
      }
      const encoded = encodeWorkerPayload(payload);
      const settled = slot().then(async () => {
        try {
          return closed
            ? "the coordinator stopped before the worker ran"
            : await runChild(payload, encoded);
        } finally {
          free();
        }
      });
      return { requestId: null, settled };
    },
    async close() {
      closed = true;
      for (const child of children) child.kill("SIGTERM");
    },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return (lines[lines.length - 1] ?? "").slice(0, 500);
}
