// RMQ_DRIFT_EXPORTS through the real CLI: an offline audit stores each export beside its report, the
// stored report re-exports to the same bytes with `report --format`, and a bad value is refused.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers.ts";

const BASELINE = "policies/demo.yaml";
const SNAPSHOT = "test/audit/fixtures/demo-snapshot.json";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-exports-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("exports", () => {
  it("stores every RMQ_DRIFT_EXPORTS format beside the run, and report --format reproduces them", async () => {
    const out = join(dir, "reports");
    const run = await cli(
      [
        "audit",
        "--baseline",
        BASELINE,
        "--snapshot",
        SNAPSHOT,
        "--out",
        out,
        "--no-alerts",
        "--json",
      ],
      { RMQ_DRIFT_EXPORTS: "csv, OCSF,junit,sarif" },
    );
    expect([2, 3], run.stderr).toContain(run.code);
    const all = await files(out);
    const report = all.find((f) => f.endsWith("report.json")) as string;
    const runDir = dirname(report);
    const names = all.filter((f) => dirname(f) === runDir).map((f) => f.slice(runDir.length + 1));
    expect(names.sort()).toEqual(
      [
        "report.csv",
        "report.html",
        "report.json",
        "report.junit.xml",
        "report.md",
        "report.ocsf.jsonl",
        "report.sarif.json",
        "snapshot.json",
      ].sort(),
    );
    expect(all.map((f) => f.slice(out.length + 1))).toContain("index.json");
    for (const [format, name] of [
      ["csv", "report.csv"],
      ["ocsf", "report.ocsf.jsonl"],
      ["junit", "report.junit.xml"],
      ["sarif", "report.sarif.json"],
    ]) {
      const again = await cli(["report", report, "--format", format as string]);
      expect(again.code, format).toBe(0);
      expect(again.stdout, format).toBe(await readFile(join(runDir, name as string), "utf8"));
    }
  });

  it("points SARIF results at lines of the baseline file", async () => {
    const out = join(dir, "sarif");
    await cli(
      ["audit", "--baseline", BASELINE, "--snapshot", SNAPSHOT, "--out", out, "--no-alerts"],
      {
        RMQ_DRIFT_EXPORTS: "sarif",
      },
    );
    const sarif = (await files(out)).find((f) => f.endsWith("report.sarif.json")) as string;
    const log = JSON.parse(await readFile(sarif, "utf8"));
    const lines = (await readFile(BASELINE, "utf8")).split("\n");
    const located = log.runs[0].results.filter(
      (r: { locations: Array<{ physicalLocation: { region?: unknown } }> }) =>
        r.locations[0]?.physicalLocation.region,
    );
    expect(located.length).toBeGreaterThan(3);
    for (const r of located) {
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe(BASELINE);
      expect(loc.region.startLine).toBeLessThanOrEqual(lines.length);
    }
    const status = located.find((r: { ruleId: string }) => r.ruleId === "RMQD-status-changed");
    if (status)
      expect(lines[status.locations[0].physicalLocation.region.startLine - 1]).toMatch(/status:/);
  });

  it("refuses an unknown export name, naming the variable", async () => {
    const run = await cli(["audit", "--baseline", BASELINE, "--snapshot", SNAPSHOT, "--dry-run"], {
      RMQ_DRIFT_EXPORTS: "csv,pdf",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("RMQ_DRIFT_EXPORTS");
    expect(run.stderr).toContain('unknown export "pdf"');
  });

  it("lists the formats when --format is wrong", async () => {
    const run = await cli(["report", "nowhere.json", "--format", "xlsx"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("md, html, json, csv, ocsf, junit, sarif");
  });
});
