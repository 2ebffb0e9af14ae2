// OCSF export: JSON lines, one OCSF 1.3.0 Compliance Finding (class_uid 2003) per finding, and a
// Close event per finding resolved since the previous run, for SIEMs (Security Lake, Sentinel, …).
import type { Severity } from "../../model/finding.ts";
import type { Report, ReportFinding, ResolvedFinding } from "../schema.ts";
import { ruleId, ruleText, subjectOf } from "./rule.ts";

export const OCSF_VERSION = "1.3.0";
const CLASS_UID = 2003;
const CATEGORY_UID = 2;
const ACTIVITY = { create: 1, update: 2, close: 3 } as const;
const ACTIVITY_NAME = { 1: "Create", 2: "Update", 3: "Close" } as const;
const SEVERITY_ID: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2 };
const SEVERITY_NAME: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};
const CLOUD: Record<string, string> = { alibaba: "Alibaba Cloud", huawei: "Huawei Cloud" };
const STANDARD = "rmq-drift baseline";

export function renderOcsf(report: Report): string {
  const events = [
    ...report.findings.map((f) => findingEvent(report, f)),
    ...report.resolved.map((f) => closeEvent(report, f)),
  ];
  return events.map((e) => `${JSON.stringify(e)}\n`).join("");
}

function base(report: Report, activity: 1 | 2 | 3, severity: Severity | undefined, target: string) {
  const [provider = "", region = ""] = target.split("/");
  return {
    activity_id: activity,
    activity_name: ACTIVITY_NAME[activity],
    category_uid: CATEGORY_UID,
    category_name: "Findings",
    class_uid: CLASS_UID,
    class_name: "Compliance Finding",
    type_uid: CLASS_UID * 100 + activity,
    type_name: `Compliance Finding: ${ACTIVITY_NAME[activity]}`,
    severity_id: severity ? SEVERITY_ID[severity] : 0,
    severity: severity ? SEVERITY_NAME[severity] : "Unknown",
    time: Date.parse(report.finishedAt),
    metadata: {
      version: OCSF_VERSION,
      profiles: ["cloud"],
      product: { name: "rmq-drift", vendor_name: "rmq-drift", version: report.tool.version },
      correlation_uid: report.runId,
    },
    cloud: { provider: CLOUD[provider] ?? provider, region },
  };
}

function findingEvent(report: Report, f: ReportFinding) {
  const activity = f.state === "new" ? ACTIVITY.create : ACTIVITY.update;
  const rule = ruleId(f);
  return {
    ...base(report, activity, f.severity, f.target),
    message: f.message,
    status_id: f.waiver ? 3 : f.state === "new" ? 1 : 2,
    status: f.waiver ? "Suppressed" : f.state === "new" ? "New" : "In Progress",
    finding_info: {
      uid: f.id,
      title: `${ruleText(f)}: ${subjectOf(f)}`,
      desc: f.message,
      types: [rule],
      first_seen_time: Date.parse(f.firstSeenAt),
      last_seen_time: Date.parse(report.startedAt),
    },
    compliance: {
      standards: [STANDARD],
      control: rule,
      status_id: f.kind === "unreadable" ? 2 : 3,
      status: f.kind === "unreadable" ? "Warning" : "Fail",
    },
    resources: resources(f),
    remediation: { desc: remediationText(f) },
    unmapped: {
      expected: f.expected ?? null,
      actual: f.actual ?? null,
      direction: f.direction,
      waiver: f.waiver,
      revert: f.remediation?.revert ?? null,
      accept: f.remediation?.accept ?? null,
    },
  };
}

function closeEvent(report: Report, f: ResolvedFinding) {
  return {
    ...base(report, ACTIVITY.close, f.severity, f.target),
    message: `Resolved: ${f.field} at ${subjectOf(f)}`,
    status_id: 4,
    status: "Resolved",
    finding_info: {
      uid: f.id,
      title: `${f.field} resolved: ${subjectOf(f)}`,
      first_seen_time: Date.parse(f.firstSeenAt),
      last_seen_time: Date.parse(report.startedAt),
    },
    compliance: { standards: [STANDARD], status_id: 1, status: "Pass" },
    resources: resources(f),
  };
}

function resources(f: { target: string; principal: string | null; resource: string | null }) {
  const [, region] = f.target.split("/");
  const list: Array<Record<string, string | undefined>> = [
    { uid: f.target, type: "RocketMQ instance", region },
  ];
  if (f.principal)
    list.push({ uid: `${f.target}/${f.principal}`, name: f.principal, type: "Principal" });
  if (f.resource) list.push({ name: f.resource, type: f.resource.split(":")[0] });
  return list;
}

function remediationText(f: ReportFinding): string {
  const ops = f.remediation?.revert.map((o) => o.operation) ?? [];
  if (f.kind === "unreadable") return "Restore read access to the target, then audit again.";
  const revert = ops.length ? `Revert with ${ops.join(", ")}` : "Revert in the console";
  return `${revert}, or accept the cloud's value in the baseline${
    f.remediation?.location?.line ? ` (line ${f.remediation.location.line})` : ""
  }.`;
}
