// `rmq-drift serve` as a real child process receiving SIGTERM mid-audit (issue 15 item 8): it stops
// accepting connections, lets the audit finish, answers the caller, and only then exits.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { demoEstate } from "../../sandbox/demo-estate.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";

const TOKEN = "shutdown-test-token-77a0";
let dir: string;
let sandbox: CloudSandbox;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-shutdown-"));
  // Slow answers, so the audit is surely in flight when the signal arrives.
  sandbox = await startCloudSandbox({
    estate: { ...demoEstate(), alibabaKnobs: { latencyMs: 150 }, huaweiKnobs: { latencyMs: 150 } },
  });
});
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

interface Served {
  url: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

async function serve(reports: string, grace: string): Promise<Served> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", "functions/cli.ts", "serve", "--port", "0", "--grace", grace],
    {
      env: {
        PATH: process.env.PATH,
        ...sandboxEnv(sandbox),
        RMQ_DRIFT_CLI: "1",
        RMQ_DRIFT_ALIBABA_QPS: "500",
        RMQ_DRIFT_HUAWEI_QPS: "500",
        RMQ_DRIFT_BASELINE: "policies/demo.yaml",
        RMQ_DRIFT_REPORTS: reports,
        RMQ_DRIFT_HTTP_TOKEN_SHA256: createHash("sha256").update(TOKEN).digest("hex"),
        RMQ_DRIFT_LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  child = proc;
  let stderr = "";
  const exit = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /rmq-drift serving on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1] as string);
    });
    exit.then(() => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return { url, stderr: () => stderr, exit };
}

function postAudit(url: string) {
  return request(`${url}/audit`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}` },
    body: "{}",
  }).then(async (res) => ({ status: res.statusCode, json: await res.body.json() }));
}

async function auditInFlight(): Promise<void> {
  const before = sandbox.alibaba.requests.length + sandbox.huawei.requests.length;
  while (sandbox.alibaba.requests.length + sandbox.huawei.requests.length === before) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("rmq-drift serve on SIGTERM", () => {
  it("refuses new connections, finishes and answers the running audit, then exits 0", async () => {
    const reports = join(dir, "graceful");
    const served = await serve(reports, "30");
    const answer = postAudit(served.url);
    await auditInFlight();
    child?.kill("SIGTERM");
    while (!served.stderr().includes("rmq-drift stopping")) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const late = await request(`${served.url}/healthz`).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: "ECONNREFUSED" });

    const { status, json } = (await answer) as { status: number; json: { runId: string } };
    expect(status).toBe(200);
    expect(await served.exit).toBe(0);
    expect(served.stderr()).toContain("1 request(s) in flight");
    const latest = JSON.parse(await readFile(join(reports, "latest.json"), "utf8"));
    expect(latest.runId).toBe(json.runId);
  });

  it("past the grace period, gives up on the audit and exits 1 without moving latest.json", async () => {
    const reports = join(dir, "impatient");
    const served = await serve(reports, "0.2");
    const answer = postAudit(served.url).catch((e: unknown) => e);
    await auditInFlight();
    child?.kill("SIGTERM");
    expect(await served.exit).toBe(1);
    expect(served.stderr()).toContain("1 request(s) unanswered after the grace period");
    expect(await answer).toBeInstanceOf(Error);
    await expect(readFile(join(reports, "latest.json"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
