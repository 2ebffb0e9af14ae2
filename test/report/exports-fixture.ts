// A report built the way `audit` builds one, from the varied drift scenario with its baseline parsed
// from YAML (so remediation locations carry real line numbers), for the export tests.
import { stringify } from "yaml";
import { remediationFor } from "../../shared/audit/remediation.ts";
import { parseBaseline } from "../../shared/baseline/load.ts";
import { compare } from "../../shared/drift/compare.ts";
import { buildReport } from "../../shared/report/build.ts";
import type { Report } from "../../shared/report/schema.ts";
import { scenarioBaseline, scenarioNow, scenarioSnapshot } from "../drift/scenario.ts";

export const BASELINE_TEXT = stringify(scenarioBaseline);
export const BASELINE_FILE = "policies/scenario.yaml";

export function scenarioReport(): Report {
  const loaded = parseBaseline(BASELINE_TEXT, BASELINE_FILE);
  const result = compare(loaded.baseline, scenarioSnapshot, { now: scenarioNow });
  return buildReport({
    runId: "20261125T235959Z-abc123",
    trigger: "cli",
    startedAt: "2026-11-25T23:59:59.000Z",
    finishedAt: "2026-11-26T00:00:01.500Z",
    toolVersion: "0.1.0",
    baseline: { source: loaded.source, sha256: loaded.sha256 },
    compare: result,
    collection: {},
    previous: null,
    remediate: remediationFor(loaded.baseline, scenarioSnapshot, loaded.locate),
  });
}
