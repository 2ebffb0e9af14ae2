// The local invoker: real child processes, at most `workers` at once, the payload as the last
// argument, and a worker's failure reported through `settled` (with the end of its stderr).
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvokeError } from "../../shared/errors.ts";
import { createLocalInvoker } from "../../shared/invoke/local.ts";

const payload = (n: number) => ({
  shard: {
    runId: "20261125T030000Z-3f9a2c",
    n,
    planKey: "runs/2026/11/25/20261125T030000Z-3f9a2c/plan.json",
  },
});

// Gets "DIR JSON [DIR JSON …]" (DIR is the flag before each payload); records its pid, start and
// end time per payload, then fails when it holds shard 3.
const CHILD = `
const fs = require("node:fs");
const args = process.argv.slice(1);
const start = Date.now();
setTimeout(() => {
  let fail = false;
  for (let i = 0; i < args.length; i += 2) {
    const [dir, json] = [args[i], args[i + 1]];
    const { shard } = JSON.parse(json);
    fs.writeFileSync(dir + "/" + shard.n + ".json", JSON.stringify({ pid: process.pid, start, end: Date.now(), json }));
    if (shard.n === 3) fail = true;
  }
  if (fail) { process.stderr.write("boom: the worker failed\\n"); process.exit(7); }
}, 150);
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-local-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("local invoker", () => {
  it("deals shards that arrive together over `workers` processes and reports how each ended", async () => {
    const invoker = createLocalInvoker({
      command: [process.execPath, "-e", CHILD, dir],
      workers: 2,
    });
    const results = await Promise.all([0, 1, 2, 3].map((n) => invoker.invoke(payload(n))));
    const settled = await Promise.all(results.map((r) => r.settled));
    // Round robin: one process holds shards 0 and 2, the other 1 and 3 (and fails).
    expect([settled[0], settled[2]]).toEqual([null, null]);
    expect(settled[1]).toBe(settled[3]);
    expect(settled[3]).toMatch(
      /^worker \(shards 1, 3\) exited with code 7: boom: the worker failed$/,
    );

    const runs = await Promise.all(
      (await readdir(dir)).map(async (f) => JSON.parse(await readFile(join(dir, f), "utf8"))),
    );
    expect(runs).toHaveLength(4);
    expect(runs.map((r) => JSON.parse(r.json)).sort((a, b) => a.shard.n - b.shard.n)).toEqual(
      [0, 1, 2, 3].map(payload),
    );
    // Two processes, two shards each.
    const pids = new Set(runs.map((r) => r.pid));
    expect(pids.size).toBe(2);
    for (const pid of pids) expect(runs.filter((r) => r.pid === pid)).toHaveLength(2);
    // A shard invoked later waits for a free process.
    const late = createLocalInvoker({ command: [process.execPath, "-e", CHILD, dir], workers: 1 });
    const first = await late.invoke(payload(10));
    await new Promise((r) => setTimeout(r, 20));
    const second = await late.invoke(payload(11));
    expect(await Promise.all([first.settled, second.settled])).toEqual([null, null]);
    const [a, b] = await Promise.all(
      [10, 11].map(async (n) => JSON.parse(await readFile(join(dir, `${n}.json`), "utf8"))),
    );
    expect(b.start).toBeGreaterThanOrEqual(a.end);
    await late.close();
    await invoker.close();
  });

  it("a program that cannot start is a failed worker, and a closed invoker refuses work", async () => {
    const invoker = createLocalInvoker({ command: [join(dir, "no-such-program")], workers: 1 });
    const { settled } = await invoker.invoke(payload(0));
    expect(await settled).toMatch(/^worker \(shards 0\) could not start: .*ENOENT/);
    await invoker.close();
    await expect(invoker.invoke(payload(1))).rejects.toBeInstanceOf(InvokeError);
  });
});
