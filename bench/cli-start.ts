// CLI start-up: `rmq-drift --help` through the built bin (the bundle is built first if stale), next to
// the same command through tsx from source and to bare node: median wall time of several runs, and
// median CPU time (user + system, reported by the child itself), which a busy machine distorts less.
// Target: the built bin under 0.3 s.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Bench } from "./types.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = 11;
const PROBE = ["--require", "./bench/cpu-probe.cjs"];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(argv: string[]): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [...PROBE, ...argv], { cwd: ROOT, encoding: "utf8" });
    walls.push(Number(process.hrtime.bigint() - start) / 1e9);
    const cpu = /cpu-probe ([\d.]+)/.exec(res.stderr)?.[1];
    if (res.status !== 0 || !res.stdout.includes("Usage: rmq-drift") || cpu === undefined) {
      throw new Error(`${argv.join(" ")} failed (${res.status}): ${res.stderr}`);
    }
    cpus.push(Number(cpu));
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const row = (label: string, t: { wall: number; cpu: number }, note = "") =>
  console.log(`${label.padEnd(30)} wall ${t.wall.toFixed(3)} s   cpu ${t.cpu.toFixed(3)} s${note}`);

export const bench: Bench = {
  name: "rmq-drift --help start-up (median of 11 runs)",
  run() {
    // One untimed run builds dist/cli when it is missing or stale.
    spawnSync(process.execPath, ["bin/rmq-drift.mjs", "--help"], { cwd: ROOT });
    row("node itself (floor)", timed(["-e", 'console.log("Usage: rmq-drift")']));
    row(
      "built bin (bin/rmq-drift.mjs)",
      timed(["bin/rmq-drift.mjs", "--help"]),
      "   target < 0.300 s",
    );
    // In-process (`--import tsx`), so that the probe sees all of its CPU; the `tsx` command adds a
    // second node process on top.
    row("tsx from source", timed(["--import", "tsx", "functions/cli.ts", "--help"]));
  },
};
