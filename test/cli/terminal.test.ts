// The command line at a terminal: version, help, suggestions, case-insensitive values, colour, progress
// lines that say which pass they belong to and are not torn by log lines, and a summary that lists
// waivers, names the report once, agrees with the alert, and makes a failed delivery visible (exit 4).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv } from "../../sandbox/cli.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { TOOL_VERSION } from "../../shared/version.ts";
import { type Receiver, startReceiver } from "../sinks/alerts/receiver.ts";
import { cli } from "./helpers.ts";

let dir: string;
let sandbox: CloudSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-term-"));
  sandbox = await startCloudSandbox();
  env = { ...sandboxEnv(sandbox), RMQ_DRIFT_ALIBABA_QPS: "500", RMQ_DRIFT_HUAWEI_QPS: "500" };
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const audit = (out: string, ...flags: string[]) => [
  "audit",
  "--baseline",
  "policies/demo.yaml",
  "--out",
  join(dir, out),
  ...flags,
];

describe("rmq-drift commands", () => {
  it("prints the version", async () => {
    for (const flag of ["--version", "-V", "version"]) {
      const run = await cli([flag]);
      expect(run).toEqual({ code: 0, stdout: `rmq-drift ${TOOL_VERSION}\n`, stderr: "" });
    }
  });

  it("`help audit` prints what `audit --help` prints", async () => {
    const a = await cli(["help", "audit"]);
    const b = await cli(["audit", "--help"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain("--fail-on SEV");
    expect((await cli(["help", "nope"])).code).toBe(1);
  });

  it("suggests the nearest command for a typo", async () => {
    const run = await cli(["audti"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown command "audti" — did you mean "audit"?');
    expect((await cli(["valdate"])).stderr).toContain('did you mean "validate"?');
    expect((await cli(["frobnicate"])).stderr).not.toContain("did you mean");
  });

  it("accepts --fail-on CRITICAL whatever its case", async () => {
    const run = await cli(
      audit("case", "--dry-run", "--only", "alibaba/*", "--fail-on", "CRITICAL"),
      env,
    );
    expect(run.code, run.stderr).toBe(2);
    expect((await cli(audit("case", "--dry-run", "--fail-on", "Severe"), env)).stderr).toContain(
      '--fail-on must be one of critical, high, medium, low, got "Severe"',
    );
  });
});

describe("rmq-drift audit at a terminal", () => {
  it("labels the passes, holds log lines back, honours NO_COLOR, and names the report once", async () => {
    const logFile = join(dir, "audit.log");
    const run = await cli(
      audit("tty", "--no-alerts", "--log-file", logFile),
      { ...env, RMQ_DRIFT_LOG_LEVEL: "warn", NO_COLOR: "1" },
      { isTTY: true },
    );
    expect(run.code, run.stderr).toBe(3);
    const progress = run.stderr.split("\n").filter((l) => l.startsWith("["));
    expect(progress.some((l) => /^\[\d+\/\d+\] /.test(l))).toBe(true);
    expect(progress.some((l) => /^\[confirm \d+\/\d+\] /.test(l))).toBe(true);
    // No JSON log line on the terminal: they went to the file and are summarised.
    expect(run.stderr.split("\n").filter((l) => l.startsWith("{"))).toEqual([]);
    const logged = (await readFile(logFile, "utf8")).trim().split("\n");
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(() => JSON.parse(line)).not.toThrow();
    expect(run.stderr).toContain(`Log: ${logged.length} line(s) held back during progress`);
    expect(run.stdout).not.toContain("\x1b[");
    expect(run.stdout.match(/report\.html/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^Report: .+report\.html$/m);
    expect(run.stdout).toContain("Alert: none sent");
  });

  it("colours on a terminal when NO_COLOR is not set; never when piped", async () => {
    const tty = await cli(audit("color", "--dry-run"), env, { isTTY: true });
    expect(tty.stdout).toContain("\x1b[");
    const piped = await cli(audit("color", "--dry-run"), env);
    expect(piped.stdout).not.toContain("\x1b[");
  });

  it("lists waived findings and expired waivers", async () => {
    const run = await cli(audit("waivers", "--dry-run"), env);
    expect(run.stdout).toMatch(/Waived \(\d+, not counted\):\n {2}\S+ +.+until 2099-06-30/);
    expect(run.stdout).toMatch(
      /Expired waivers \(1, no longer applied\):\n {2}\S+ +expired 2026-10-31/,
    );
  });
});

describe("alerts in the summary and the exit code", () => {
  let robot: Receiver;
  afterAll(() => robot?.close());

  it("exit 4 when only the delivery failed; the summary says why its count differs", async () => {
    robot = await startReceiver(() => ({ body: { errcode: 130101, errmsg: "send too fast" } }));
    const alertEnv = {
      ...env,
      RMQ_DRIFT_ALERTS: `dingtalk+${robot.origin}/robot/send?access_token=tok`,
      RMQ_DRIFT_ALERT_MIN_SEVERITY: "critical",
    };
    const first = await cli(audit("exit4", "--only", "alibaba/*"), alertEnv);
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(
      /Alert: \d+ new finding\(s\) at or above critical \(the summary counts \d+ new: \d+ below critical are not alerted\)/,
    );
    expect(first.stdout).toMatch(
      /dingtalk@127\.0\.0\.1:\d+: NOT delivered \(code 130101: send too fast\); kept for the next run/,
    );
    const clean = await cli(audit("exit4", "--only", "analytics-prod"), alertEnv);
    expect(clean.code, clean.stdout).toBe(4);
    // Its own alert (an expired waiver) queues behind the one DingTalk asked to hold for 10 minutes.
    expect(clean.stdout).toContain(
      "2 alert(s) wait in alerts/pending/ and are re-sent by the next run",
    );
    expect(clean.stdout).toContain("queued behind earlier alerts still waiting");
    expect(clean.stdout).toContain(
      "Alert: 0 new finding(s) at or above critical, and newly expired waivers",
    );
    expect(robot.received).toHaveLength(1); // one request in two runs: no retry storm
  });
});
