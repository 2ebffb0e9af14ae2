// SARIF 2.1.0 export (code scanning, IDEs): a result per finding, located at the baseline file and the
// line of the expectation it breaks (from the baseline loader, recorded in `remediation.location`).
import type { Severity } from "../../model/finding.ts";
import type { Report, ReportFinding } from "../schema.ts";
import { ruleId, ruleText, subjectOf } from "./rule.ts";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
};
// GitHub code scanning ranks security results by this property (0–10).
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "7.5",
  medium: "5.0",
  low: "2.0",
};

export function renderSarif(report: Report): string {
  const rules = rulesOf(report.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const uri = artifactUri(report.baseline.source);
  const log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "rmq-drift",
            version: report.tool.version,
            rules,
          },
        },
        automationDetails: { id: `rmq-drift/${report.runId}` },
        artifacts: [{ location: { uri }, hashes: { "sha-256": report.baseline.sha256 } }],
        invocations: [
          {
            executionSuccessful: report.status !== "incomplete",
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
          },
        ],
        results: report.findings.map((f) => result(f, uri, index.get(ruleId(f)) ?? 0)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rulesOf(findings: readonly ReportFinding[]) {
  const seen = new Map<string, ReportFinding>();
  for (const f of findings) if (!seen.has(ruleId(f))) seen.set(ruleId(f), f);
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, f]) => ({
      id,
      name: id.replaceAll("-", ""),
      shortDescription: { text: ruleText(f) },
      properties: { tags: ["security", "rocketmq", "permissions"] },
    }));
}

function result(f: ReportFinding, uri: string, ruleIndex: number) {
  const loc = f.remediation?.location;
  const region = loc?.line
    ? { startLine: loc.line, ...(loc.column ? { startColumn: loc.column } : {}) }
    : undefined;
  return {
    ruleId: ruleId(f),
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${subjectOf(f)}: ${f.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri }, ...(region ? { region } : {}) },
        logicalLocations: [{ fullyQualifiedName: subjectOf(f), kind: "resource" }],
        ...(loc ? { message: { text: `baseline ${loc.path}` } } : {}),
      },
    ],
    partialFingerprints: { "rmqDriftFindingId/v1": f.id },
    ...(f.waiver
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: `${f.waiver.id}: ${f.waiver.reason}`,
            },
          ],
        }
      : {}),
    properties: {
      "security-severity": SECURITY_SEVERITY[f.severity],
      severity: f.severity,
      state: f.state,
      direction: f.direction,
      target: f.target,
      principal: f.principal,
      resource: f.resource,
      expected: f.expected ?? null,
      actual: f.actual ?? null,
    },
  };
}

// A relative path stays relative (code scanning resolves it against the repository root); an
// absolute path becomes a file: URI; `s3://…` is already a URI.
function artifactUri(source: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return source;
  const path = source.replaceAll("\\", "/");
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  return path.startsWith("/") ? `file://${encoded}` : encoded.replace(/^\.\//, "");
}
