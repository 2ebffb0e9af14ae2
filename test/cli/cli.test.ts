// The command line as a user meets it: exit codes, messages, files written — and nothing written
// when the input is bad.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { parseBaseline } from "../../shared/baseline/load.ts";
import { cli } from "./helpers.ts";

let dir: string;
let sandbox: CloudSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-cli-"));
  sandbox = await startCloudSandbox();
  env = { ...sandboxEnv(sandbox), RMQ_DRIFT_ALIBABA_QPS: "500", RMQ_DRIFT_HUAWEI_QPS: "500" };
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("rmq-drift validate", () => {
  it("accepts every shipped baseline", async () => {
    for (const f of [
      "policies/demo.yaml",
      "policies/baseline.yaml",
      "policies/example-alibaba.yaml",
    ]) {
      const run = await cli(["validate", "--baseline", f]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("valid");
    }
  });

  it("lists every problem with file:line:col and exits 1", async () => {
    const bad = join(dir, "bad.yaml");
    await writeFile(
      bad,
      [
        "version: 1",
        "targets:",
        "  - provider: alibaba",
        "    region: cn-hangzhou",
        "    instanceId: rmq-1",
        "    accounts:",
        "      app:",
        "        statsu: ENABLE",
        "        acls:",
        "          - { resource: 'Queue:x', decision: Allow }",
      ].join("\n"),
    );
    const run = await cli(["validate", "--baseline", bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`${bad}:8:9 +targets\\[0\\]\\.accounts\\.app\\.statsu +unknown key`),
    );
    expect(run.stderr).toContain(`${bad}:10:`);
    expect(run.stderr).toContain("Topic:");
  });

  it("prints a waiver that matches no target as a warning and exits 0", async () => {
    const stale = join(dir, "stale-waiver.yaml");
    await writeFile(
      stale,
      [
        "version: 1",
        "waivers:",
        "  - { id: OLD-1, target: alibaba/cn-beijing/*, reason: retired, expires: 2099-01-31 }",
        "targets:",
        "  - { provider: alibaba, region: cn-hangzhou, instanceId: rmq-cn-1 }",
      ].join("\n"),
    );
    const run = await cli(["validate", "--baseline", stale]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("valid (1 target(s), 1 waiver(s), 1 warning(s))");
    expect(run.stderr).toContain(
      `warning: ${stale}:3:26  waivers[0].target  waiver "OLD-1": "alibaba/cn-beijing/*" matches no target in this baseline`,
    );
  });
});

describe("rmq-drift audit", () => {
  it("audits the sandbox live, exits 3 (incomplete), and an offline re-audit matches", async () => {
    const out = join(dir, "live");
    const live = await cli(
      ["audit", "--baseline", "policies/demo.yaml", "--out", out, "--no-alerts", "--json"],
      env,
    );
    expect(live.code, live.stderr).toBe(3);
    const outcome = JSON.parse(live.stdout);
    expect(outcome.status).toBe("incomplete");
    expect(outcome.summary.unreadable).toBe(1);
    const snapshot = (await files(out)).find((f) => f.endsWith("snapshot.json")) as string;

    const offline = await cli(
      ["audit", "--baseline", "policies/demo.yaml", "--snapshot", snapshot, "--dry-run", "--json"],
      {},
    );
    expect(offline.code).toBe(3);
    const again = JSON.parse(offline.stdout);
    expect(again.findings.map((f: { id: string }) => f.id)).toEqual(
      outcome.findings.map((f: { id: string }) => f.id),
    );
    expect(again.reportUrl).toBeNull();
  });

  it("exits 2 on drift at or above --fail-on, 0 below it and when clean", async () => {
    const base = [
      "audit",
      "--baseline",
      "policies/demo.yaml",
      "--out",
      join(dir, "dry"),
      "--dry-run",
    ];
    const drift = await cli([...base, "--only", "alibaba/*"], env);
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain("status: DRIFT");
    expect(drift.stdout).toMatch(/CRITICAL +new +Alibaba account app-orders/);
    // A targeted audit of one principal whose only drift is a low restriction.
    const low = [...base, "--only", "orders-dms", "--principal", "svc_inventory"];
    expect((await cli([...low, "--fail-on", "low"], env)).code).toBe(2);
    const below = await cli([...low, "--fail-on", "medium"], env);
    expect(below.code, below.stdout).toBe(0);
    expect(below.stdout).toContain("LOW");
    const clean = await cli([...base, "--only", "analytics-prod"], env);
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain("status: CLEAN");
  });

  it("a bad snapshot is exit 1 naming the file and the field, and nothing is written", async () => {
    const snap = join(dir, "bad-snapshot.json");
    await writeFile(
      snap,
      JSON.stringify({
        schemaVersion: 1,
        collectedAt: "2026-11-25T03:00:00Z",
        targets: [
          {
            provider: "alibaba",
            region: "r",
            instanceId: "i",
            status: "ok",
            error: null,
            instance: { aclTypes: [], vpcAuthFree: "no", internetWhitelist: [] },
            accounts: [],
          },
        ],
      }),
    );
    const out = join(dir, "never");
    const run = await cli([
      "audit",
      "--baseline",
      "policies/demo.yaml",
      "--snapshot",
      snap,
      "--out",
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(snap);
    expect(run.stderr).toContain("targets[0].instance.vpcAuthFree");
    expect(await files(out)).toEqual([]);
  });

  it("missing credentials fail with the variable names", async () => {
    const run = await cli(["audit", "--baseline", "policies/demo.yaml", "--dry-run"], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID");
  });

  it("a --principal audit of a deleted account reports it missing, the target still read", async () => {
    const demo = await readFile("policies/demo.yaml", "utf8");
    const file = join(dir, "deleted-account.yaml");
    const deleted = [
      "      app-deleted:",
      "        status: ENABLE",
      "        acls:",
      '          - { resource: "Topic:orders", decision: Allow, actions: [Pub] }',
    ].join("\n");
    await writeFile(file, demo.replace("    accounts:\n", `    accounts:\n${deleted}\n`));
    const run = await cli(
      ["audit", "--baseline", file, "--only", "payments-prod", "--principal", "app-deleted"].concat(
        ["--dry-run", "--json"],
      ),
      env,
    );
    expect(run.code, run.stderr).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out.summary.unreadable).toBe(0);
    expect(
      out.findings.map((f: { principal: string; field: string; kind: string }) => [
        f.principal,
        f.field,
        f.kind,
      ]),
    ).toEqual([["app-deleted", "principal", "missing"]]);
  });

  it("a --principal glob that matches no baseline principal is a usage error (exit 1)", async () => {
    const run = await cli(
      ["audit", "--baseline", "policies/demo.yaml", "--principal", "app-ordrs", "--dry-run"],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no principal named in the baseline matches "app-ordrs"');
  });

  it("a bad flag or environment variable is exit 1 with its name", async () => {
    expect((await cli(["audit", "--fail-on", "severe"])).stderr).toContain(
      "--fail-on must be one of",
    );
    expect((await cli(["audit", "--bogus"])).stderr).toContain("--bogus");
    const badEnv = await cli(["audit", "--dry-run"], { RMQ_DRIFT_CONCURRENCY: "many" });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain("RMQ_DRIFT_CONCURRENCY");
  });
});

describe("rmq-drift init", () => {
  it("writes a baseline from a live instance that validates and audits clean against it", async () => {
    for (const args of [
      ["--provider", "alibaba", "--region", "cn-hangzhou", "--instance", "rmq-cn-demo-payments"],
      [
        "--provider",
        "huawei",
        "--region",
        "cn-north-4",
        "--project-id",
        "0123456789abcdef0123456789abcdef",
        "--instance",
        "11111111-2222-3333-4444-555555555555",
      ],
    ]) {
      const file = join(dir, `init-${args[1]}.yaml`);
      const init = await cli(["init", ...args, "--out", file], env);
      expect(init.code, init.stderr).toBe(0);
      const yaml = await readFile(file, "utf8");
      expect(yaml).not.toMatch(/demo-pw-|Demo-.*-Sk1!/);
      if (args[1] === "alibaba") {
        expect(yaml).toContain("accessWhitelist: [10.0.0.0/8, 172.16.0.0/12]");
      }
      expect((await cli(["validate", "--baseline", file])).code).toBe(0);
      const audit = await cli(
        ["audit", "--baseline", file, "--out", join(dir, "init"), "--dry-run"],
        env,
      );
      expect(audit.code, audit.stdout).toBe(0);
      expect(audit.stdout).toContain("status: CLEAN");
    }
  });

  it("without --instance writes every instance of the region, a discover entry and # review: marks", async () => {
    for (const args of [
      ["--provider", "alibaba", "--region", "cn-hangzhou"],
      [
        ...["--provider", "huawei", "--region", "cn-north-4"],
        ...["--project-id", "0123456789abcdef0123456789abcdef"],
      ],
    ]) {
      const file = join(dir, `init-region-${args[1]}.yaml`);
      const init = await cli(["init", ...args, "--out", file], env);
      expect(init.code, init.stderr).toBe(0);
      const yaml = await readFile(file, "utf8");
      const { baseline } = parseBaseline(yaml, file);
      expect(baseline.discover).toHaveLength(1);
      expect(baseline.targets.length).toBeGreaterThan(1);
      expect(baseline.targets.every((t) => t.region === args[3])).toBe(true);
      // Every risky value is marked in the file and listed on stderr, one line each.
      const marks = yaml.split("\n").filter((l) => l.trim().startsWith("# review:"));
      expect(marks.length).toBeGreaterThan(0);
      expect(init.stderr).toContain(`review: ${marks.length} risky setting`);
      expect((await cli(["validate", "--baseline", file])).code).toBe(0);
      const audit = await cli(
        ["audit", "--baseline", file, "--out", join(dir, "init"), "--dry-run"],
        env,
      );
      if (args[1] === "alibaba") {
        expect(audit.code, audit.stdout).toBe(0);
        expect(audit.stdout).toContain("status: CLEAN");
      } else {
        // The demo's dead Huawei instance cannot be read: init says so, leaves it out, and the
        // discover entry keeps reporting it (fail closed) while everything else is clean.
        const dead = "huawei/cn-north-4/33333333-4444-5555-6666-777777777777";
        expect(init.stderr).toContain(`not in the baseline, unreadable: ${dead}`);
        expect(audit.code).toBe(3);
        expect(audit.stdout).toContain("targets 3 (unreadable 1)");
        expect(audit.stdout).toContain(`${dead}  UNREADABLE`);
      }
    }
  });

  it("requires its flags", async () => {
    const run = await cli(
      ["init", "--provider", "huawei", "--region", "r", "--instance", "i"],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--project-id");
  });
});

describe("rmq-drift report, help and unknown commands", () => {
  it("renders a stored report as Markdown and HTML", async () => {
    const report = (await files(join(dir, "live"))).find((f) =>
      f.endsWith("report.json"),
    ) as string;
    const md = await cli(["report", report, "--format", "md"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# /m);
    expect(md.stdout).toContain("app-orders");
    const html = await cli(["report", report, "--format", "html"]);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect((await cli(["report", report, "--format", "pdf"])).code).toBe(1);
  });

  it("prints help for every command and fails on an unknown one", async () => {
    for (const c of ["audit", "validate", "init", "report", "serve", "sandbox", "demo"]) {
      const run = await cli([c, "--help"]);
      expect(run.code, c).toBe(0);
      expect(run.stdout, c).toContain("Usage: rmq-drift");
    }
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
