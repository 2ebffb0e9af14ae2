// `rmq-drift serve` answering the HTTP contract over a real socket, and `rmq-drift demo` end to end.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeListener } from "../../functions/http.ts";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { serveCommand } from "../../shared/cli/serve-command.ts";
import { TOOL_VERSION } from "../../shared/version.ts";
import { cli } from "./helpers.ts";

const TOKEN = "serve-test-token-3b1c";
let dir: string;
let sandbox: CloudSandbox;
let base: string;
let stop: () => void;
let served: Promise<number>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-serve-"));
  sandbox = await startCloudSandbox();
  const until = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const listening = new Promise<string>((resolve) => {
    served = serveCommand(
      ["--port", "0"],
      {
        stdout: () => {},
        stderr: () => {},
        isTTY: false,
        env: {
          ...sandboxEnv(sandbox),
          RMQ_DRIFT_ALIBABA_QPS: "500",
          RMQ_DRIFT_HUAWEI_QPS: "500",
          RMQ_DRIFT_BASELINE: "policies/demo.yaml",
          RMQ_DRIFT_REPORTS: join(dir, "reports"),
          RMQ_DRIFT_HTTP_TOKEN_SHA256: createHash("sha256").update(TOKEN).digest("hex"),
          RMQ_DRIFT_LOG_LEVEL: "error",
        },
      },
      { createNodeListener, until, onListening: resolve },
    );
  });
  base = await listening;
});
afterAll(async () => {
  stop();
  await served;
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${TOKEN}` };

async function call(method: "GET" | "POST", path: string, headers = {}, body?: string) {
  const res = await request(`${base}${path}`, { method, headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : null };
}

describe("rmq-drift serve", () => {
  it("answers the HTTP contract", async () => {
    expect((await call("GET", "/healthz")).status).toBe(200);
    expect((await call("POST", "/audit", {}, "{}")).status).toBe(401);
    expect((await call("GET", "/reports/latest", auth)).status).toBe(404);
    const bad = await call("POST", "/audit", auth, JSON.stringify({ targets: "all" }));
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toContain("targets");
    const typo = await call("POST", "/audit", auth, JSON.stringify({ principals: ["app-ordrs"] }));
    expect(typo.status).toBe(400);
    expect(typo.json.error).toBe('no principal named in the baseline matches "app-ordrs"');

    const audit = await call("POST", "/audit", auth, JSON.stringify({ targets: ["alibaba/*"] }));
    expect(audit.status).toBe(200);
    expect(audit.json.status).toBe("drift");
    expect(audit.json.findings.length).toBeGreaterThan(0);
    expect(audit.json.reportUrl).toContain(join(dir, "reports"));

    // A targeted audit is stored, but latest.json keeps pointing at full audits only.
    expect((await call("GET", "/reports/latest", auth)).status).toBe(404);
    const byId = await call("GET", `/reports/${audit.json.runId}`, auth);
    expect(byId.json.tool.version).toBe(TOOL_VERSION);
    const full = await call("POST", "/audit", auth, "");
    expect(full.json.status).toBe("incomplete");
    expect((await call("GET", "/reports/latest", auth)).json.runId).toBe(full.json.runId);
    expect((await call("GET", "/reports/20200101T000000Z-000000", auth)).status).toBe(404);
    expect((await call("GET", "/reports/..%2F..%2Fetc", auth)).status).toBe(400);
    expect((await call("DELETE" as "GET", "/healthz")).status).toBe(405);
  });
});

describe("rmq-drift serve refuses to start on a configuration every audit would fail on", () => {
  const good = () => ({
    ...sandboxEnv(sandbox),
    RMQ_DRIFT_BASELINE: "policies/demo.yaml",
    RMQ_DRIFT_REPORTS: join(dir, "never"),
    RMQ_DRIFT_HTTP_TOKEN_SHA256: createHash("sha256").update(TOKEN).digest("hex"),
  });
  it.each([
    [
      "no accepted token",
      { RMQ_DRIFT_HTTP_TOKEN_SHA256: undefined },
      "RMQ_DRIFT_HTTP_TOKEN_SHA256 is not set",
    ],
    [
      "an unreadable baseline",
      { RMQ_DRIFT_BASELINE: "policies/nope.yaml" },
      "cannot read baseline policies/nope.yaml: ENOENT",
    ],
    [
      "an invalid baseline",
      { RMQ_DRIFT_BASELINE: "package.json" },
      "package.json:1:1  targets  missing",
    ],
    [
      "missing Huawei credentials",
      { HUAWEICLOUD_SDK_AK: undefined, HUAWEICLOUD_SDK_SK: undefined },
      "reading huawei targets needs HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
    ],
  ])("%s: exit 1 with the reason", async (_what, change, reason) => {
    const run = await cli(["serve", "--port", "0"], { ...good(), ...change });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).not.toContain("serving on");
  });
});

describe("rmq-drift demo", () => {
  it("audits the sandbox estate, writes an HTML report and exits 0", async () => {
    const out = join(dir, "demo");
    const run = await cli(["demo", "--out", out], {
      RMQ_DRIFT_ALIBABA_QPS: "500",
      RMQ_DRIFT_HUAWEI_QPS: "500",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("status: INCOMPLETE");
    for (const sev of ["CRITICAL", "HIGH", "MEDIUM", "LOW"]) expect(run.stdout).toContain(sev);
    const html = /^Report: (.+\.html)$/m.exec(run.stdout)?.[1] as string;
    expect((await stat(html)).size).toBeGreaterThan(10_000);
    expect(await readFile(html, "utf8")).toContain("archive-dms");
  });
});

describe("version", () => {
  it("reports carry the package version", async () => {
    const pkg = JSON.parse(await readFile("package.json", "utf8"));
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});
