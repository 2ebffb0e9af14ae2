// Test doubles at the seam (HttpApp) and a schema-valid report, shared by the HTTP tests.
import { createHash } from "node:crypto";
import type { AuditOutcome, AuditRequest, HttpApp } from "../../shared/audit/types.ts";
import { type Report, ReportSchema } from "../../shared/report/schema.ts";

export const TOKEN = "s3cret-token-for-tests";
export const OTHER_TOKEN = "another-valid-token";
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
export const RUN_ID = "20261125T030000Z-3f9a2c";

export function sampleReport(runId = RUN_ID): Report {
  return ReportSchema.parse({
    schemaVersion: 1,
    tool: { name: "rmq-drift", version: "0.1.0" },
    runId,
    trigger: "http",
    startedAt: "2026-11-25T03:00:00Z",
    finishedAt: "2026-11-25T03:00:04Z",
    baseline: { source: "policies/prod.yaml", sha256: "ab".repeat(32) },
    status: "drift",
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
      {
        id: "f-1",
        target: "alibaba/cn-hangzhou/rmq-cn-1",
        principal: "app-orders",
        resource: "Topic:orders",
        field: "ipWhitelists",
        kind: "changed",
        direction: "escalation",
        severity: "critical",
        expected: ["10.0.0.0/8"],
        actual: ["0.0.0.0/0"],
        message: "ipWhitelists widened to every address",
        state: "new",
        firstSeenAt: "2026-11-25T03:00:00Z",
        waiver: null,
      },
    ],
    resolved: [],
    expiredWaivers: [],
    delivery: { alerts: [] },
  });
}

export const SAMPLE_HTML = "<!doctype html><title>rmq-drift report</title><p>sample</p>";

export interface FakeApp extends HttpApp {
  calls: AuditRequest[];
}

/** An HttpApp whose behaviour each test can override; records audit requests. */
export function fakeApp(overrides: Partial<HttpApp> = {}): FakeApp {
  const calls: AuditRequest[] = [];
  const report = sampleReport();
  const app: FakeApp = {
    calls,
    tokenHashes: [sha256(TOKEN)],
    async audit(request): Promise<AuditOutcome> {
      calls.push(request);
      return {
        report,
        reportUrl: `s3://reports/rmq-drift/runs/2026/11/25/${RUN_ID}/report.json`,
        htmlUrl: `s3://reports/rmq-drift/runs/2026/11/25/${RUN_ID}/report.html`,
      };
    },
    async latestReport() {
      return report;
    },
    async report(runId) {
      return runId === RUN_ID ? report : null;
    },
    async reportHtml(runId) {
      return runId === RUN_ID ? SAMPLE_HTML : null;
    },
    async listReports() {
      const { runId, finishedAt, status, summary } = report;
      return [{ runId, finishedAt, status, summary }];
    },
    ...overrides,
  };
  return app;
}

export const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
