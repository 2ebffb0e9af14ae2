// Comparison results built by hand (findings, targets, a varied report) for the report tests.
import { createHash } from "node:crypto";
import { remediationFor } from "../../shared/audit/remediation.ts";
import type { Baseline } from "../../shared/baseline/schema.ts";
import type { CompareResult, TargetResult } from "../../shared/drift/result.ts";
import type { AppliedWaiver, Finding } from "../../shared/model/finding.ts";
import { type BuildReportInput, buildReport } from "../../shared/report/build.ts";
import type { Report } from "../../shared/report/schema.ts";

export const ALI = "alibaba/cn-hangzhou/rmq-cn-7e22ody0001";
export const HW1 = "huawei/cn-north-4/11111111-2222-3333-4444-555555555555";
export const HW2 = "huawei/cn-north-4/22222222-3333-4444-5555-666666666666";

type FindingInit = Pick<Finding, "target" | "field" | "kind" | "severity"> & Partial<Finding>;

/** A finding with an id derived like the engine's: from (target, principal, resource, field, kind). */
export function finding(init: FindingInit): Finding {
  const principal = init.principal ?? null;
  const resource = init.resource ?? null;
  const idSource = [init.target, principal, resource, init.field, init.kind].join("\u0000");
  return {
    id: createHash("sha256").update(idSource).digest("hex").slice(0, 16),
    principal,
    resource,
    direction: init.kind === "unreadable" ? null : "escalation",
    expected: null,
    actual: null,
    message: `${init.field} ${init.kind}`,
    waiver: null,
    ...init,
  };
}

export function target(key: string, init: Partial<TargetResult> = {}): TargetResult {
  return { key, name: null, status: "ok", error: null, principals: 3, entries: 10, ...init };
}

export const WAIVER: AppliedWaiver = {
  id: "OPS-1234",
  reason: "migration in progress",
  owner: "team-payments",
  expires: "2027-01-31",
};

export function compare(findings: Finding[], targets: TargetResult[]): CompareResult {
  const unreadable = targets.some((t) => t.status === "unreadable");
  const drift = findings.some((f) => f.waiver === null);
  return {
    findings,
    expiredWaivers: [],
    status: unreadable ? "incomplete" : drift ? "drift" : "clean",
    targets,
  };
}

export function input(
  overrides: Partial<BuildReportInput> & Pick<BuildReportInput, "compare">,
): BuildReportInput {
  return {
    runId: "20261125T030000Z-3f9a2c",
    trigger: "scheduled",
    startedAt: "2026-11-25T03:00:00Z",
    finishedAt: "2026-11-25T03:00:04.250Z",
    toolVersion: "0.1.0",
    baseline: {
      source: "policies/prod.yaml",
      sha256: "9f2c1e7a4b3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7",
    },
    collection: {},
    previous: null,
    ...overrides,
  };
}

/** Every finding variety the renderers must show: sets, objects, scalars, hostile names, waivers. */
export function variedFindings(): Finding[] {
  return [
    finding({
      target: ALI,
      principal: "app-orders",
      resource: "Topic:orders",
      field: "ipWhitelists",
      kind: "changed",
      severity: "critical",
      expected: ["10.0.0.0/8"],
      actual: ["0.0.0.0/0", "10.0.0.0/8"],
      message: "ipWhitelists now admit every IPv4 address",
    }),
    finding({
      target: ALI,
      principal: "app-orders",
      resource: "Group:GID_orders",
      field: "actions",
      kind: "changed",
      direction: "lateral",
      severity: "high",
      expected: ["Sub"],
      actual: ["Pub"],
      message: "actions differ",
    }),
    finding({
      target: ALI,
      principal: "<script>alert(1)</script>",
      field: "principal",
      kind: "unexpected",
      severity: "high",
      actual: {
        status: "ENABLE",
        acls: [{ resource: "Topic:orders", decision: "Allow", actions: ["Pub"], ipWhitelists: [] }],
      },
      message: "account not in the baseline",
    }),
    finding({
      target: ALI,
      principal: "legacy-batch",
      resource: "Topic:legacy",
      field: "ipWhitelists",
      kind: "changed",
      severity: "high",
      expected: ["10.1.0.0/16"],
      actual: [],
      message: "ipWhitelists emptied (any address)",
      waiver: WAIVER,
    }),
    finding({
      target: ALI,
      principal: "pipe|and`tick`",
      resource: "Topic:audit",
      field: "acl",
      kind: "missing",
      direction: "restriction",
      severity: "medium",
      expected: { decision: "Allow", actions: ["Sub"], ipWhitelists: [] },
      message: "ACL entry missing\nsecond line",
    }),
    finding({
      target: HW1,
      principal: "test_01",
      resource: "Topic:orders",
      field: "topicPerm",
      kind: "changed",
      direction: "restriction",
      severity: "low",
      expected: ["pub", "sub"],
      actual: ["sub"],
      message: "topic permission narrowed",
    }),
    finding({
      target: HW1,
      principal: "test_02",
      field: "principal",
      kind: "missing",
      direction: "restriction",
      severity: "medium",
      expected: { admin: false, whitelist: "" },
      message: "user missing",
    }),
    finding({
      target: HW1,
      principal: "test_03",
      field: "admin",
      kind: "changed",
      severity: "critical",
      expected: false,
      actual: true,
      message: "user became admin",
    }),
    finding({
      target: HW1,
      principal: "test_03",
      field: "whitelist",
      kind: "changed",
      direction: "restriction",
      severity: "low",
      expected: "10.0.0.*",
      actual: "",
      message: "whitelist emptied (no address)",
    }),
    finding({
      target: HW2,
      field: "target",
      kind: "unreadable",
      severity: "high",
      message: "instance does not exist",
    }),
  ];
}

export function variedTargets(): TargetResult[] {
  return [
    target(ALI, { name: "payments-prod", principals: 12, entries: 80 }),
    target(HW1, { name: "orders-prod", principals: 4, entries: 9 }),
    target(HW2, {
      status: "unreadable",
      principals: 0,
      entries: 0,
      error: {
        code: "DMS.00404022",
        message: "instance does not exist",
        httpStatus: 404,
        call: "ShowInstance",
        requestId: "req-7f3a",
      },
    }),
  ];
}

/** A report with history (one persisting, one resolved), a waiver and an expired waiver. */
export function variedReport(): Report {
  const findings = variedFindings();
  const previousResult = compare(
    [
      findings[0]!,
      finding({
        target: ALI,
        principal: "old-app",
        field: "principal",
        kind: "unexpected",
        severity: "high",
      }),
    ],
    variedTargets().slice(0, 2),
  );
  const previous = buildReport(
    input({
      runId: "20261124T030000Z-00aa11",
      startedAt: "2026-11-24T03:00:00Z",
      finishedAt: "2026-11-24T03:00:03Z",
      compare: previousResult,
    }),
  );
  const result = compare(findings, variedTargets());
  result.expiredWaivers.push({
    id: "OPS-999",
    target: HW1,
    principal: "legacy-*",
    resource: null,
    field: null,
    reason: "old exception",
    owner: null,
    expires: "2026-10-01",
  });
  const collection = new Map([
    [ALI, { apiCalls: 4, durationMs: 812 }],
    [HW1, { apiCalls: 3, durationMs: 1540 }],
    [HW2, { apiCalls: 3, durationMs: 30250 }],
  ]);
  const remediate = remediationFor(SAMPLE_BASELINE, null);
  return buildReport(input({ compare: result, collection, previous, remediate }));
}

/** The baseline the sample findings break, for their remediation. */
const SAMPLE_BASELINE: Baseline = {
  version: 1,
  targets: [
    {
      provider: "alibaba",
      region: "cn-hangzhou",
      instanceId: "rmq-cn-7e22ody0001",
      accounts: {
        "app-orders": {
          status: "ENABLE",
          acls: [{ resource: "Group:GID_orders", decision: "Allow", actions: ["Sub"] }],
        },
      },
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "11111111-2222-3333-4444-555555555555",
      users: { test_01: { admin: false, defaultTopicPerm: "SUB" } },
    },
  ],
};
