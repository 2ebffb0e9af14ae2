// Child processes of the collection bench: one rmq-drift audit (the CLI of any checkout, so the
// code before a change can run beside the code after it) or one run of the SDK script. Each runs
// alone in its own process, so its peak RSS is its own.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_CREDENTIALS, DEMO_PROJECT } from "../sandbox/demo-estate.ts";

const here = dirname(fileURLToPath(import.meta.url));

export interface ChildResult {
  wallMs: number;
  maxRssKiB: number;
  /** Finding ids, sorted (rmq-drift only). */
  findings?: string[];
}

export interface AuditRun {
  /** Repository checkout whose `functions/cli.ts` runs (its node_modules must resolve tsx). */
  checkout: string;
  sandboxUrl: string;
  baselineFile: string;
  outDir: string;
  unthrottled: boolean;
  /** Extra environment (e.g. RMQ_DRIFT_LISTING). */
  env?: Record<string, string>;
}

/** A clean environment: nothing of the caller's RMQ_DRIFT_* or cloud keys leaks into a case. */
function baseEnv(): Record<string, string> {
  return { HOME: homedir(), PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` };
}

function run(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function runAudit(options: AuditRun): Promise<ChildResult> {
  const rssDir = mkdtempSync(join(tmpdir(), "rmq-drift-bench-"));
  const rssFile = join(rssDir, "rss");
  const throttle: Record<string, string> = options.unthrottled
    ? { RMQ_DRIFT_ALIBABA_QPS: "100000", RMQ_DRIFT_HUAWEI_QPS: "100000" }
    : {};
  const env = {
    ...baseEnv(),
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.alibaba.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.alibaba.accessKeySecret,
    HUAWEICLOUD_SDK_AK: DEMO_CREDENTIALS.huawei.ak,
    HUAWEICLOUD_SDK_SK: DEMO_CREDENTIALS.huawei.sk,
    RMQ_DRIFT_ALIBABA_ENDPOINT: options.sandboxUrl,
    RMQ_DRIFT_HUAWEI_ENDPOINT: options.sandboxUrl,
    RMQ_DRIFT_BENCH_RSS_FILE: rssFile,
    ...throttle,
    ...options.env,
  };
  const args = [
    "--import",
    "tsx",
    "--import",
    join(here, "rss-preload.mjs"),
    join(options.checkout, "functions/cli.ts"),
    "audit",
    "--baseline",
    options.baselineFile,
    "--out",
    options.outDir,
    "--no-alerts",
    "--json",
  ];
  const out = await run(args, options.checkout, env);
  // Exit 2 is drift, the expected outcome on this estate.
  if (out.code !== 0 && out.code !== 2) {
    throw new Error(`rmq-drift audit exited ${out.code}: ${out.stderr.slice(-2000)}`);
  }
  const printed = JSON.parse(out.stdout) as { reportUrl: string; findings: Array<{ id: string }> };
  const report = JSON.parse(readFileSync(printed.reportUrl, "utf8")) as {
    startedAt: string;
    finishedAt: string;
  };
  const maxRssKiB = Number(readFileSync(rssFile, "utf8"));
  rmSync(rssDir, { recursive: true, force: true });
  return {
    // The audit's own clock (baseline load → compare and confirmation), not the CLI's start-up.
    wallMs: Date.parse(report.finishedAt) - Date.parse(report.startedAt),
    maxRssKiB,
    findings: printed.findings.map((f) => f.id).sort(),
  };
}

export async function runSdkScript(
  sandboxUrl: string,
  instances: { alibaba: string[]; huawei: string[] },
): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "rmq-drift-bench-"));
  const job = {
    endpoint: sandboxUrl,
    projectId: DEMO_PROJECT,
    alibaba: { ...DEMO_CREDENTIALS.alibaba, instances: instances.alibaba },
    huawei: { ...DEMO_CREDENTIALS.huawei, instances: instances.huawei },
  };
  writeFileSync(join(dir, "job.json"), JSON.stringify(job));
  const args = ["--import", "tsx", join(here, "sdk-script.ts"), join(dir, "job.json")];
  const out = await run([...args, join(dir, "result.json")], join(here, ".."), baseEnv());
  if (out.code !== 0) throw new Error(`SDK script exited ${out.code}: ${out.stderr.slice(-2000)}`);
  const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as ChildResult;
  rmSync(dir, { recursive: true, force: true });
  return result;
}
