// Each export read back by a consumer's own tooling: an RFC 4180 CSV parser, the OCSF 1.3.0 schema's
// required attributes and enumerations, a JUnit XML parser, and the SARIF 2.1.0 JSON schema.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseJunit } from "junit2json";
import { describe, expect, it } from "vitest";
import { renderExport } from "../../shared/report/exports/index.ts";
import { ruleId } from "../../shared/report/exports/rule.ts";
import { BASELINE_FILE, BASELINE_TEXT, scenarioReport } from "./exports-fixture.ts";

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats") as (ajv: unknown) => void;
const report = scenarioReport();

describe("csv export", () => {
  it("parses under strict RFC 4180 rules into one row per finding", () => {
    const text = renderExport(report, "csv");
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text, { columns: true, record_delimiter: "\r\n", relax_quotes: false });
    expect(rows).toHaveLength(report.findings.length);
    for (const [i, f] of report.findings.entries()) {
      const row = rows[i] as Record<string, string>;
      expect(row.id).toBe(f.id);
      expect(row.ruleId).toBe(ruleId(f));
      expect(row.message).toBe(f.message);
      expect(row.waiver).toBe(f.waiver?.id ?? "");
      expect(JSON.parse(row.revert ?? "null")).toEqual(f.remediation?.revert);
    }
  });

  it("keeps hostile principal names as text in spreadsheets", () => {
    const f = report.findings[1];
    if (!f) throw new Error("no finding");
    const hostile = { ...report, findings: [{ ...f, principal: '=HYPERLINK("x","y")' }] };
    const rows = parseCsv(renderExport(hostile, "csv"), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows[0]?.principal).toBe(`'=HYPERLINK("x","y")`);
  });
});

describe("ocsf export", () => {
  const spec = JSON.parse(
    readFileSync(new URL("./fixtures/ocsf-1.3.0-compliance-finding.json", import.meta.url), "utf8"),
  );
  const events = renderExport(report, "ocsf")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("writes one Compliance Finding per finding and a Close per resolved finding", () => {
    expect(events).toHaveLength(report.findings.length + report.resolved.length);
    expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2003]));
  });

  it("has every attribute the OCSF 1.3.0 schema requires, with valid enumerations", () => {
    for (const e of events) {
      expect(e.class_uid).toBe(spec.class_uid);
      expect(e.category_uid).toBe(spec.category_uid);
      for (const name of spec.required) expect(e, name).toHaveProperty(name);
      for (const [object, names] of Object.entries(spec.objects) as [string, string[]][]) {
        const value = at(e, object);
        if (value === undefined) continue;
        for (const name of names) expect(value, `${object}.${name}`).toHaveProperty(name);
      }
      for (const profile of (e.metadata as { profiles: string[] }).profiles)
        for (const name of spec.profiles[profile] ?? []) expect(e).toHaveProperty(name);
      for (const [path, values] of Object.entries(spec.enums) as [string, number[]][]) {
        const v = at(e, path);
        if (v !== undefined) expect(values, path).toContain(v);
      }
      for (const path of spec.integers) {
        const v = at(e, path);
        if (v !== undefined) expect(Number.isInteger(v), path).toBe(true);
      }
      for (const path of spec.stringArrays) {
        const v = at(e, path);
        if (v !== undefined)
          expect(Array.isArray(v) && v.every((x) => typeof x === "string")).toBe(true);
      }
      expect(e.type_uid).toBe(2003 * 100 + (e.activity_id as number));
    }
  });
});

describe("junit export", () => {
  it("parses as JUnit XML: a suite per target, a case per field, failures for unwaived findings", async () => {
    const parsed = (await parseJunit(renderExport(report, "junit"))) as unknown as JunitRoot;
    expect(parsed.testsuite).toHaveLength(report.targets.length);
    const failing = new Set(
      report.findings
        .filter((f) => f.waiver === null && f.kind !== "unreadable")
        .map((f) => `${f.target} ${f.field}`),
    );
    const seenFailing = new Set<string>();
    for (const suite of parsed.testsuite) {
      for (const c of suite.testcase ?? [])
        if (c.failure) seenFailing.add(`${c.classname} ${c.name}`);
    }
    expect(seenFailing).toEqual(failing);
    expect(parsed.failures).toBe(failing.size);
    const unreadable = report.targets.filter((t) => t.status === "unreadable");
    expect(parsed.errors).toBe(unreadable.length);
    const suite = parsed.testsuite.find((s) => s.name === unreadable[0]?.key);
    expect(suite?.testcase?.[0]?.error?.[0]?.type).toBe("RMQD-target-unreadable");
    expect(suite?.testcase?.slice(1).every((c) => c.skipped)).toBe(true);
  });
});

describe("sarif export", () => {
  const Ajv = AjvDraft04 as unknown as new (
    o: object,
  ) => {
    compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown };
  };
  const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const log = JSON.parse(renderExport(report, "sarif"));

  // The schema's patterns are not valid under the `u` flag, hence `unicodeRegExp: false`.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it("validates against the SARIF 2.1.0 JSON schema", () => {
    const ok = validate(log);
    expect(validate.errors ?? null).toBeNull();
    expect(ok).toBe(true);
  });

  it("the schema check refuses a broken log", () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = "critical";
    delete broken.runs[0].tool.driver.name;
    expect(validate(broken)).toBe(false);
  });

  it("locates each result at the baseline line of the expectation it breaks", () => {
    const results = log.runs[0].results as SarifResult[];
    expect(results).toHaveLength(report.findings.length);
    const lines = BASELINE_TEXT.split("\n");
    for (const [i, r] of results.entries()) {
      const f = report.findings[i];
      expect(r.ruleId).toBe(`RMQD-${f?.field}-${f?.kind}`);
      const loc = r.locations[0]?.physicalLocation;
      expect(loc?.artifactLocation.uri).toBe(BASELINE_FILE);
      expect(loc?.region?.startLine).toBe(f?.remediation?.location?.line);
    }
    const status = results.find((r) => r.ruleId === "RMQD-status-changed");
    const line = lines[(status?.locations[0]?.physicalLocation.region?.startLine ?? 0) - 1];
    expect(line).toMatch(/^\s*status:/);
    expect(results.filter((r) => r.suppressions).length).toBe(report.summary.waived);
  });
});

interface JunitCase {
  classname: string;
  name: string;
  failure?: unknown[];
  error?: Array<{ type?: string }>;
  skipped?: unknown[];
}
interface JunitRoot {
  failures: number;
  errors: number;
  testsuite: Array<{ name: string; testcase?: JunitCase[] }>;
}
interface SarifResult {
  ruleId: string;
  suppressions?: unknown[];
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  }>;
}

function at(value: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      value,
    );
}
