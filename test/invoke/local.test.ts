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

// Records its start and end time and its payload, then exits with the code the shard number picks.
const CHILD = `
const fs = require("node:fs");
const [dir, json] = process.argv.slice(-2);
const { shard } = JSON.parse(json);
const start = Date.now();
setTimeout(() => {
  fs.writeFileSync(dir + "/" + shard.n + ".json", JSON.stringify({ start, end: Date.now(), json }));
  if (shard.n === 3) { process.stderr.write("boom: the worker failed\\n"); process.exit(7); }
}, 150);
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-local-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("local invoker", () => {
  it("runs at most `workers` children at once and reports how each ended", async () => {
    const invoker = createLocalInvoker({
      command: [process.execPath, "-e", CHILD, dir],
      workers: 2,
    });
    const results = await Promise.all([0, 1, 2, 3].map((n) => invoker.invoke(payload(n))));
    const settled = await Promise.all(results.map((r) => r.settled));
    expect(settled.slice(0, 3)).toEqual([null, null, null]);
    expect(settled[3]).toMatch(/^worker 3 exited with code 7: boom: the worker failed$/);

    const runs = await Promise.all(
      (await readdir(dir)).map(async (f) => JSON.parse(await readFile(join(dir, f), "utf8"))),
    );
    expect(runs).toHaveLength(4);
    expect(runs.map((r) => JSON.parse(r.json)).sort((a, b) => a.shard.n - b.shard.n)).toEqual(
      [0, 1, 2, 3].map(payload),
    );
    // At no moment were more than two children running.
    for (const r of runs) {
      const overlapping = runs.filter((o) => o.start < r.end && r.start < o.end);
      expect(overlapping.length).toBeLessThanOrEqual(2);
    }
    await invoker.close();
  });

  it("a program that cannot start is a failed worker, and a closed invoker refuses work", async () => {
    const invoker = createLocalInvoker({ command: [join(dir, "no-such-program")], workers: 1 });
    const { settled } = await invoker.invoke(payload(0));
    expect(await settled).toMatch(/^worker 0 could not start: .*ENOENT/);
    await invoker.close();
    await expect(invoker.invoke(payload(1))).rejects.toBeInstanceOf(InvokeError);
  });
});
