// `rmq-drift audit --workers N` through the real launcher: the coordinator and N local worker
// processes share only the report folder, and the sharded run says what the one-process run says.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import type { Report } from "../../shared/report/schema.ts";

const run = promisify(execFile);
let sandbox: CloudSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startCloudSandbox();
  dir = await mkdtemp(join(tmpdir(), "rmq-workers-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function audit(out: string, ...extra: string[]) {
  const env = { ...process.env, ...sandboxEnv(sandbox), RMQ_DRIFT_SHARD_SIZE: "2", NO_COLOR: "1" };
  const args = ["bin/rmq-drift.mjs", "audit", "--baseline", "policies/demo.yaml", "--out", out];
  try {
    const res = await run(process.execPath, [...args, "--no-alerts", "--json", ...extra], { env });
    return { code: 0, stdout: res.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function storedReport(out: string): Promise<Report> {
  const latest = JSON.parse(await readFile(join(out, "latest.json"), "utf8"));
  return JSON.parse(await readFile(join(out, latest.reportKey), "utf8"));
}

describe("audit --workers", () => {
  it("fans out to local worker processes and reports what one process reports", async () => {
    const one = join(dir, "one");
    const many = join(dir, "many");
    const single = await audit(one);
    const sharded = await audit(many, "--workers", "2");
    expect(sharded.code).toBe(single.code);
    const a = await storedReport(one);
    const b = await storedReport(many);
    expect(b.summary).toEqual(a.summary);
    expect(b.findings.map((f) => f.id)).toEqual(a.findings.map((f) => f.id));
    expect(b.shards?.length).toBeGreaterThan(1);
    expect(b.shards?.every((s) => s.status === "ok" && s.targets <= 2)).toBe(true);
    expect(b.shards?.reduce((n, s) => n + s.targets, 0)).toBe(b.targets.length);
    const latest = JSON.parse(await readFile(join(many, "latest.json"), "utf8"));
    const shardsDir = join(many, latest.reportKey.replace(/report\.json$/, "shards"));
    expect((await readdir(shardsDir)).sort()).toEqual(b.shards?.map((s) => `${s.n}.json`).sort());
  }, 120_000);
});
