// JUnit XML export for CI: a test suite per target, a test case per target × field, a failure per
// field with unwaived findings; an unreadable target is an error and its fields are skipped.
import type { Field } from "../../model/finding.ts";
import type { Report, ReportFinding, ReportTarget } from "../schema.ts";
import { ruleId, subjectOf } from "./rule.ts";

// The fields each provider's audit checks (DESIGN.md §5), so a clean field shows as a passing test.
const CHECKED: Record<string, readonly Field[]> = {
  alibaba: [
    "principal",
    "status",
    "acl",
    "decision",
    "actions",
    "ipWhitelists",
    "aclTypes",
    "vpcAuthFree",
    "internetWhitelist",
    "accessWhitelist",
  ],
  huawei: [
    "principal",
    "admin",
    "whitelist",
    "defaultTopicPerm",
    "defaultGroupPerm",
    "topicPerm",
    "groupPerm",
    "aclEnabled",
  ],
};

export function renderJunit(report: Report): string {
  const suites = report.targets.map((t) => suite(report, t));
  const failures = report.findings.filter((f) => f.waiver === null && f.kind !== "unreadable");
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const errors = report.targets.filter((t) => t.status === "unreadable").length;
  const skipped = suites.reduce((n, s) => n + s.skipped, 0);
  const failed = new Set(failures.map((f) => `${f.target}\u0000${f.field}`)).size;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rmq-drift ${attr(report.runId)}" tests="${tests}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds(report)}" timestamp="${attr(report.startedAt)}">`,
    ...suites.map((s) => s.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

function suite(report: Report, t: ReportTarget) {
  const mine = report.findings.filter((f) => f.target === t.key);
  const provider = t.key.split("/")[0] ?? "";
  const fields = [...new Set([...(CHECKED[provider] ?? []), ...mine.map((f) => f.field)])].filter(
    (f) => f !== "target",
  );
  const unreadable = t.status === "unreadable";
  const cases = fields.map((field) =>
    testCase(
      t.key,
      field,
      mine.filter((f) => f.field === field),
      unreadable,
    ),
  );
  if (unreadable) cases.unshift(unreadableCase(t));
  const failures = fields.filter((field) =>
    mine.some((f) => f.field === field && f.waiver === null),
  ).length;
  const tests = cases.length;
  const skipped = unreadable ? fields.length : 0;
  const xml = [
    `  <testsuite name="${attr(t.key)}" tests="${tests}" failures="${unreadable ? 0 : failures}" errors="${unreadable ? 1 : 0}" skipped="${skipped}" time="${(t.durationMs / 1000).toFixed(3)}" timestamp="${attr(report.startedAt)}">`,
    ...cases,
    "  </testsuite>",
  ].join("\n");
  return { xml, tests, skipped };
}

function testCase(key: string, field: Field, findings: ReportFinding[], unreadable: boolean) {
  const open = `    <testcase classname="${attr(key)}" name="${attr(field)}" time="0">`;
  if (unreadable) return `${open}<skipped message="target unreadable: not checked"/></testcase>`;
  const failing = findings.filter((f) => f.waiver === null);
  const waived = findings.filter((f) => f.waiver !== null);
  const parts: string[] = [];
  if (failing.length > 0) {
    const worst = failing.map((f) => f.severity).sort(bySeverity)[0];
    const summary = `${failing.length} unwaived finding(s), worst ${worst}`;
    parts.push(
      `<failure message="${attr(summary)}" type="${attr(ruleId(failing[0] as ReportFinding))}">${text(
        failing.map(line).join("\n"),
      )}</failure>`,
    );
  }
  if (waived.length > 0)
    parts.push(
      `<system-out>${text(waived.map((f) => `waived by ${f.waiver?.id}: ${line(f)}`).join("\n"))}</system-out>`,
    );
  return parts.length
    ? `${open}\n      ${parts.join("\n      ")}\n    </testcase>`
    : `${open}</testcase>`;
}

function unreadableCase(t: ReportTarget): string {
  const message = t.error ? `${t.error.code}: ${t.error.message}` : "target unreadable";
  const detail = t.error?.requestId ? `request id ${t.error.requestId}` : "";
  return `    <testcase classname="${attr(t.key)}" name="target" time="0"><error message="${attr(message)}" type="RMQD-target-unreadable">${text(detail)}</error></testcase>`;
}

function line(f: ReportFinding): string {
  return `[${f.severity}] ${ruleId(f)} ${subjectOf(f)}: ${f.message}`;
}

const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
function bySeverity(a: string, b: string): number {
  return (RANK[a] ?? 9) - (RANK[b] ?? 9);
}

function seconds(report: Report): string {
  return (Math.max(0, Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(
    3,
  );
}

// XML 1.0 cannot carry most control characters at all, escaped or not: they are dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function text(value: string): string {
  return value
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return text(value)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
