// Finished, schema-valid reports (and their parts) for the sink, alert and HTTP tests.
import type { ExpiredWaiver } from "../../shared/model/finding.ts";
import {
  type Report,
  type ReportFinding,
  ReportSchema,
  type ReportTarget,
} from "../../shared/report/schema.ts";

/** The run id every single-run fixture uses unless a test asks for another. */
export const RUN_ID = "20261125T030000Z-3f9a2c";

export function makeFinding(over: Partial<ReportFinding> = {}): ReportFinding {
  return {
    id: "f-ip",
    target: "alibaba/cn-hangzhou/rmq-cn-7e22ody0001",
    principal: "app-orders",
    resource: "Topic:orders",
    field: "ipWhitelists",
    kind: "changed",
    direction: "escalation",
    severity: "critical",
    expected: ["10.0.0.0/8"],
    actual: ["0.0.0.0/0"],
    message: "ipWhitelists now admits every IPv4 address",
    waiver: null,
    state: "new",
    firstSeenAt: "2026-11-25T03:00:00Z",
    ...over,
  };
}

export function makeTarget(over: Partial<ReportTarget> = {}): ReportTarget {
  return {
    key: "alibaba/cn-hangzhou/rmq-cn-7e22ody0001",
    status: "ok",
    error: null,
    principals: 3,
    entries: 9,
    apiCalls: 4,
    durationMs: 120,
    ...over,
  };
}

export function makeWaiver(over: Partial<ExpiredWaiver> = {}): ExpiredWaiver {
  return {
    id: "OPS-1234",
    target: "alibaba/cn-hangzhou/rmq-cn-*",
    principal: "legacy-*",
    resource: null,
    field: null,
    reason: "migration in progress",
    owner: "team-payments",
    expires: "2026-11-24",
    ...over,
  };
}

export function makeReport(over: Partial<Report> = {}): Report {
  const findings = over.findings ?? [makeFinding()];
  return {
    schemaVersion: 1,
    tool: { name: "rmq-drift", version: "0.1.0" },
    runId: RUN_ID,
    trigger: "scheduled",
    startedAt: "2026-11-25T03:00:00Z",
    finishedAt: "2026-11-25T03:00:05Z",
    baseline: { source: "policies/prod.yaml", sha256: "ab".repeat(32) },
    status: findings.length > 0 ? "drift" : "clean",
    summary: {
      targets: 1,
      unreadable: 0,
      principals: 3,
      entries: 9,
      findings: { critical: findings.length, high: 0, medium: 0, low: 0 },
      new: findings.length,
      persisting: 0,
      resolved: 0,
      waived: 0,
    },
    targets: [makeTarget()],
    findings,
    resolved: [],
    expiredWaivers: [],
    delivery: { alerts: [] },
    ...over,
  };
}

/**
 * The HTTP tests' report: an `http` run with one new critical finding and no target rows,
 * parsed through the schema so it is exactly what a store would hand back.
 */
export function sampleReport(runId = RUN_ID): Report {
  return ReportSchema.parse(
    makeReport({
      runId,
      trigger: "http",
      finishedAt: "2026-11-25T03:00:04Z",
      summary: {
        targets: 1,
        unreadable: 0,
        principals: 2,
        entries: 3,
        findings: { critical: 1, high: 0, medium: 0, low: 0 },
        new: 1,
        persisting: 0,
        resolved: 0,
        waived: 0,
      },
      targets: [],
      findings: [
        makeFinding({
          id: "f-1",
          target: "alibaba/cn-hangzhou/rmq-cn-1",
          message: "ipWhitelists widened to every address",
        }),
      ],
    }),
  );
}

/** A run id and timestamps for the n-th run of a day, so runs order by time. */
export function runAt(
  hour: number,
  suffix = "3f9a2c",
): Pick<Report, "runId" | "startedAt" | "finishedAt"> {
  const hh = String(hour).padStart(2, "0");
  return {
    runId: `20261125T${hh}0000Z-${suffix}`,
    startedAt: `2026-11-25T${hh}:00:00Z`,
    finishedAt: `2026-11-25T${hh}:00:05Z`,
  };
}

export function artifactsOf(report: Report) {
  return {
    report,
    markdown: `# rmq-drift ${report.runId}\n`,
    html: `<!doctype html><title>${report.runId}</title>\n`,
    snapshotJson: `${JSON.stringify({ schemaVersion: 1, collectedAt: report.startedAt, targets: [] })}\n`,
  };
}
