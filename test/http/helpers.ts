// Test doubles at the seam (HttpApp), tokens and auth headers, shared by the HTTP tests.
// The report they serve is test/support/reports.ts's sampleReport.
import { createHash } from "node:crypto";
import type { AuditOutcome, AuditRequest, HttpApp } from "../../shared/audit/types.ts";
import { RUN_ID, sampleReport } from "../support/reports.ts";

export const TOKEN = "s3cret-token-for-tests";
export const OTHER_TOKEN = "another-valid-token";
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

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
