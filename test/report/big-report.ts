// A report with many real findings (compare + remediation over a generated baseline and snapshot):
// the print and 5,000-finding browser tests, with a few waived rows and a trend history.

import { remediationFor } from "../../shared/audit/remediation.ts";
import type { Baseline } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import type { Snapshot } from "../../shared/providers/index.ts";
import { buildReport } from "../../shared/report/build.ts";
import type { Report, RunIndexEntry } from "../../shared/report/schema.ts";
import { indexEntryOf, withEntry } from "../../shared/report/trend.ts";

const KEY = { provider: "alibaba", region: "cn-hangzhou", instanceId: "rmq-cn-bulk0001" } as const;

/** `n` findings: each account's ACL whitelist widened to any address; every 10th one waived. */
export function bigReport(n: number): Report {
  const names = Array.from(
    { length: n },
    (_, i) => `svc-payments-ledger-${String(i).padStart(5, "0")}`,
  );
  const baseline: Baseline = {
    version: 1,
    waivers: [
      {
        id: "OPS-77",
        target: "alibaba/*",
        principal: "svc-payments-ledger-*0",
        reason: "migration window",
        expires: "2030-01-01",
      },
    ],
    targets: [
      {
        ...KEY,
        accounts: Object.fromEntries(
          names.map((u) => [
            u,
            {
              acls: [
                {
                  resource: `Topic:orders.${u}`,
                  decision: "Allow" as const,
                  ipWhitelists: ["10.0.0.0/8"],
                },
              ],
            },
          ]),
        ),
      },
    ],
  };
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt: "2026-11-25T03:00:00Z",
    targets: [
      {
        ...KEY,
        status: "ok",
        error: null,
        instance: { aclTypes: ["apache_acl"], vpcAuthFree: false, internetWhitelist: [] },
        accounts: names.map((u) => ({
          username: u,
          status: "ENABLE" as const,
          accountType: "CUSTOMER",
          acls: [
            {
              resource: `Topic:orders.${u}`,
              decision: "Allow" as const,
              actions: ["Pub"],
              ipWhitelists: [],
            },
          ],
        })),
      },
    ],
  };
  const now = new Date("2026-11-25T03:00:00Z");
  return buildReport({
    runId: "20261125T030000Z-b1b2b3",
    trigger: "scheduled",
    startedAt: now.toISOString(),
    finishedAt: "2026-11-25T03:00:09.000Z",
    toolVersion: "0.1.0",
    baseline: { source: "policies/bulk.yaml", sha256: "0".repeat(64) },
    compare: compare(baseline, snapshot, { now }),
    collection: {},
    previous: null,
    remediate: remediationFor(baseline, snapshot),
  });
}

/** `runs` earlier full runs, one a day, with findings rising and some resolved, plus `report`. */
export function historyFor(report: Report, runs: number): RunIndexEntry[] {
  let index: RunIndexEntry[] = [];
  for (let i = 0; i < runs; i++) {
    const day = new Date(Date.UTC(2026, 9, 1 + i, 3));
    const c = (k: number) => (i * k) % 7;
    index = withEntry(index, {
      runId: `${day.toISOString().slice(0, 10).replaceAll("-", "")}T030000Z-${i.toString(16).padStart(6, "0")}`,
      finishedAt: new Date(day.getTime() + 5000).toISOString(),
      status: "drift",
      summary: {
        ...report.summary,
        findings: { critical: c(1), high: c(2), medium: c(3), low: c(5) },
      },
      resolution: { count: 2, totalMs: 2 * 36 * 3_600_000 },
    });
  }
  return withEntry(index, indexEntryOf(report));
}
