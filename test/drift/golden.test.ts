// Golden output of the drift engine for a varied scenario, compared byte for byte.
// Refresh deliberately with `UPDATE_GOLDEN=1 npx vitest run test/drift`, then review the diff.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BaselineSchema } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import { SnapshotSchema } from "../../shared/providers/index.ts";
import { scenarioBaseline, scenarioNow, scenarioSnapshot } from "./scenario.ts";

const update = process.env.UPDATE_GOLDEN === "1";

function checkGolden(name: string, value: unknown): void {
  const file = fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (update) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe("golden scenario", () => {
  it("uses inputs valid under the baseline and snapshot schemas", () => {
    expect(() => BaselineSchema.parse(scenarioBaseline)).not.toThrow();
    expect(() => SnapshotSchema.parse(scenarioSnapshot)).not.toThrow();
  });

  it("full comparison", () => {
    checkGolden("scenario", compare(scenarioBaseline, scenarioSnapshot, { now: scenarioNow }));
  });

  it("targeted audit of Huawei test_* users", () => {
    const result = compare(scenarioBaseline, scenarioSnapshot, {
      now: scenarioNow,
      principals: ["test_*"],
    });
    checkGolden("scenario-principals", result);
  });

  it("covers every kind, field, direction and severity", () => {
    const { findings } = compare(scenarioBaseline, scenarioSnapshot, { now: scenarioNow });
    const seen = (key: "kind" | "field" | "direction" | "severity") =>
      new Set(findings.map((f) => f[key]));
    expect(seen("kind")).toEqual(new Set(["missing", "unexpected", "changed", "unreadable"]));
    expect(seen("severity")).toEqual(new Set(["critical", "high", "medium", "low"]));
    expect(seen("direction")).toEqual(new Set(["escalation", "restriction", "lateral", null]));
    expect(seen("field").size).toBe(17);
  });
});
