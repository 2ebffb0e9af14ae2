// Fan-out: 1,000 targets in 20 Alibaba accounts (STS AssumeRole, one shard of 50 per account), with
// a fixed per-request latency. One process vs `audit --workers 4` and `--workers 8`, each run as the
// real CLI (`bin/rmq-drift.mjs`) against the sandbox in a process of its own, so the auditor's CPU
// is what the workers split. Runs alternate, three rounds; prints each wall time, the medians and
// the speed-up. Every shard is one account's only reader (budget share 1), so no account's budget
// is exceeded by running its shard beside the others. Target: speed-up ≥ 0.7 × workers — which a
// 2-core machine cannot show past 2 (the note in the README's fan-out section says why).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type AssumeRoleEstate, alibabaSeed, baselineYaml } from "./assume-role-estate.ts";
import type { Bench } from "./types.ts";

const ACCOUNTS = 20;
const PER_ACCOUNT = 50;
const QPS = 50;
const CONCURRENCY = 4;
const LATENCY_MS = 50;
const ROUNDS = 3;
const BASE = {
  id: "LTAIbenchFanout00001",
  secret: "bench-fanout-secret",
  account: "1000000000000000",
};
const ESTATE: AssumeRoleEstate = {
  accounts: ACCOUNTS,
  regions: ["cn-hangzhou"],
  perRegion: PER_ACCOUNT,
  base: BASE,
  firstAccount: 3000000000000000,
};

function seed() {
  return {
    alibaba: alibabaSeed(ESTATE),
    huawei: { credentials: [{ ak: "unused", sk: "unused" }], instances: [] },
    alibabaKnobs: { latencyMs: LATENCY_MS },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function startSandbox(seedFile: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["bin/rmq-drift.mjs", "sandbox", "--seed", seedFile, "--port", String(port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
      if (out.includes("on http")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export const bench: Bench = {
  name: `fan-out: ${ACCOUNTS} accounts × ${PER_ACCOUNT} instances (AssumeRole, ${LATENCY_MS} ms latency, ${QPS} QPS/account), one process vs --workers 4/8`,
  async run() {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-bench-fanout-"));
    const seedFile = join(dir, "seed.json");
    const baselineFile = join(dir, "baseline.yaml");
    await writeFile(seedFile, JSON.stringify(seed()));
    await writeFile(baselineFile, baselineYaml(ESTATE));
    const sandbox = await startSandbox(seedFile);
    const env = {
      ...process.env,
      ALIBABA_CLOUD_ACCESS_KEY_ID: BASE.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: BASE.secret,
      RMQ_DRIFT_ALIBABA_ENDPOINT: sandbox.url,
      RMQ_DRIFT_ALIBABA_STS_ENDPOINT: sandbox.url,
      RMQ_DRIFT_ALIBABA_QPS: String(QPS),
      RMQ_DRIFT_CONCURRENCY: String(CONCURRENCY),
      RMQ_DRIFT_SHARD_SIZE: String(PER_ACCOUNT),
    };
    const variants: Array<{ label: string; args: string[] }> = [
      { label: "one process", args: [] },
      { label: "--workers 4", args: ["--workers", "4"] },
      { label: "--workers 8", args: ["--workers", "8"] },
    ];
    const walls = new Map<string, number[]>(variants.map((v) => [v.label, []]));
    try {
      let n = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const v of variants) {
          const out = join(dir, `out-${n++}`);
          const args = [
            "bin/rmq-drift.mjs",
            "audit",
            "--baseline",
            baselineFile,
            "--out",
            out,
            "--no-alerts",
            "--json",
          ];
          const started = performance.now();
          const res = await promisify(execFile)(process.execPath, [...args, ...v.args], {
            env,
            maxBuffer: 64 << 20,
          }).catch((e: { stdout: string }) => e);
          const wall = (performance.now() - started) / 1000;
          const { status, summary } = JSON.parse(res.stdout);
          const latest = JSON.parse(await readFile(join(out, "latest.json"), "utf8"));
          const report = JSON.parse(await readFile(join(out, latest.reportKey), "utf8"));
          const shards = report.shards?.length ?? 0;
          walls.get(v.label)?.push(wall);
          console.log(
            `round ${round + 1} ${v.label.padEnd(12)} ${wall.toFixed(2)} s  status ${status}, targets ${summary.targets}, unreadable ${summary.unreadable}, shards ${shards}`,
          );
        }
      }
      const base = median(walls.get("one process") ?? []);
      for (const v of variants.slice(1)) {
        const m = median(walls.get(v.label) ?? []);
        const workers = Number(v.args[1]);
        console.log(
          `${v.label}: median ${m.toFixed(2)} s vs one process ${base.toFixed(2)} s → speed-up ${(base / m).toFixed(2)}× (target ≥ ${(0.7 * workers).toFixed(1)}×)`,
        );
      }
    } finally {
      sandbox.child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    }
  },
};
