// `local`: workers as child processes of this machine (`audit --workers N`, tests, benchmarks). An
// invocation is accepted at once, like a platform's async queue, and runs when one of the `workers`
// processes is free; a process may take a batch of payloads and collect them side by side. Children
// inherit the environment.
// Because a child's end is visible here, a worker that exits without success is reported through
// `settled`, so the coordinator need not wait for the deadline to know its shard is lost.
import { spawn } from "node:child_process";
import { InvokeError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { encodeWorkerPayload } from "./payload.ts";
import type { InvokeResult, WorkerInvoker, WorkerPayload } from "./types.ts";

export interface LocalInvokerOptions {
  /**
   * The program and its leading arguments, ending in the flag that precedes each payload, e.g.
   * `[process.execPath, "bin/rmq-drift.mjs", "worker", "--payload"]`: a process given a batch gets
   * `--payload A --payload B …`.
   */
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
  const children = new Set<ReturnType<typeof spawn>>();
  let waiting: Array<{ payload: WorkerPayload; done: (failure: string | null) => void }> = [];
  let running = 0;
  let flushing = false;
  let closed = false;

  // Invocations that arrive together (a coordinator starts every shard at once) are dealt out over
  // the free processes, each taking its batch side by side: N processes read as many accounts at
  // once as one process would, with the CPU split N ways.
  const flush = () => {
    flushing = false;
    const free = options.workers - running;
    if (free <= 0 || waiting.length === 0) return;
    const batches = Array.from(
      { length: Math.min(free, waiting.length) },
      () => [] as typeof waiting,
    );
    for (const [i, job] of waiting.entries()) batches[i % batches.length]?.push(job);
    waiting = [];
    for (const batch of batches) {
      running++;
      void runChild(batch).then((failure) => {
        running--;
        for (const job of batch) job.done(failure);
        schedule();
      });
    }
  };
  const schedule = () => {
    if (flushing) return;
    flushing = true;
    setImmediate(flush);
  };

  const runChild = (batch: typeof waiting) =>
    new Promise<string | null>((resolve) => {
      if (closed) return resolve("the coordinator stopped before the worker ran");
      const shards = batch.map((j) => j.payload.shard.n).join(", ");
      const args = batch.flatMap((j, i) =>
        i === 0
          ? [encodeWorkerPayload(j.payload)]
          : [leading[leading.length - 1] ?? "", encodeWorkerPayload(j.payload)],
      );
      const child = spawn(program, [...leading, ...args], {
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
        resolve(`worker (shards ${shards}) could not start: ${err.message}`);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        if (code === 0) return resolve(null);
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        options.logger?.warn("local worker failed", {
          shards,
          code,
          signal,
          stderr: lastLine(stderr),
        });
        resolve(`worker (shards ${shards}) ${how}${stderr ? `: ${lastLine(stderr)}` : ""}`);
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
      encodeWorkerPayload(payload);
      const settled = new Promise<string | null>((done) => waiting.push({ payload, done }));
      schedule();
      return { requestId: null, settled };
    },
    async close() {
      closed = true;
      for (const job of waiting) job.done("the coordinator stopped before the worker ran");
      waiting = [];
      for (const child of children) child.kill("SIGTERM");
    },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return (lines[lines.length - 1] ?? "").slice(0, 500);
}
