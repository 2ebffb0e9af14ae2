// Discovery end to end over the sandbox: ListInstances in every discover scope; an undeclared
// instance with access control off is critical, one with it on is high and may be waived
// (`field: instance`); a scope whose listing fails is unreadable and the run incomplete.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { createApp } from "../../shared/audit/app.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { silentLogger } from "../../shared/log/logger.ts";

const KEY = { id: "LTAIdiscoveryKey0001", secret: "discovery-secret-0001" };
const HW = { ak: "HWDISCOVERYAK0000001", sk: "hw-discovery-sk-0001" };
const PROJECT = "fedcba9876543210fedcba9876543210";
const HW_DECLARED = "aaaaaaaa-0000-4000-8000-000000000001";
const HW_UNDECLARED = "aaaaaaaa-0000-4000-8000-000000000002";

const instance = (instanceId: string, vpcAuthFree: boolean) => ({
  regionId: "cn-hangzhou",
  instanceId,
  aclTypes: ["apache_acl"],
  vpcAuthFree,
  internetWhitelist: [],
  accounts: [],
  acls: [],
});

const baseline = (waivers = "") => `version: 1
discover:
  - { provider: alibaba, regions: [cn-hangzhou] }
  - { provider: huawei, projects: { cn-north-4: ${PROJECT} } }
${waivers}
targets:
  - { provider: alibaba, region: cn-hangzhou, instanceId: rmq-cn-declared, instance: { vpcAuthFree: false } }
  - { provider: huawei, region: cn-north-4, projectId: ${PROJECT}, instanceId: ${HW_DECLARED} }
`;

let dir: string;
let sandbox: CloudSandbox;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-discovery-"));
  sandbox = await startCloudSandbox({
    estate: {
      alibaba: {
        accessKeys: [{ id: KEY.id, secret: KEY.secret }],
        maxPageSize: 2,
        instances: [
          instance("rmq-cn-declared", false),
          instance("rmq-cn-open", true),
          instance("rmq-cn-other", false),
          instance("rmq-cn-more", false),
        ],
      },
      huawei: {
        credentials: [{ ak: HW.ak, sk: HW.sk }],
        instances: [
          { projectId: PROJECT, instanceId: HW_DECLARED, enableAcl: true, users: [] },
          { projectId: PROJECT, instanceId: HW_UNDECLARED, enableAcl: false, users: [] },
        ],
      },
      alibabaKnobs: {},
      huaweiKnobs: {},
    },
  });
});
afterEach(() => sandbox.huawei.faults.clear());
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

async function audit(text: string) {
  const file = join(dir, `baseline-${Math.random()}.yaml`);
  await writeFile(file, text);
  const app = createApp({
    config: loadConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.secret,
      HUAWEICLOUD_SDK_AK: HW.ak,
      HUAWEICLOUD_SDK_SK: HW.sk,
      RMQ_DRIFT_ALIBABA_ENDPOINT: sandbox.url,
      RMQ_DRIFT_HUAWEI_ENDPOINT: sandbox.url,
    }),
    baseline: file,
    reports: join(dir, "reports"),
    logger: silentLogger,
    writeConsole: () => {},
  });
  return (await app.run({ trigger: "cli", noAlerts: true, dryRun: true })).report;
}

const instanceFindings = (report: Awaited<ReturnType<typeof audit>>) =>
  report.findings.filter((f) => f.field === "instance");

describe("discovery", () => {
  it("reports every undeclared instance, critical when its access control is off", async () => {
    const before = sandbox.alibaba.requests.length;
    const report = await audit(baseline());
    const found = instanceFindings(report).map((f) => [f.target, f.kind, f.severity]);
    expect(found).toEqual([
      ["alibaba/cn-hangzhou/rmq-cn-more", "unexpected", "high"],
      ["alibaba/cn-hangzhou/rmq-cn-open", "unexpected", "critical"],
      ["alibaba/cn-hangzhou/rmq-cn-other", "unexpected", "high"],
      [`huawei/cn-north-4/${HW_UNDECLARED}`, "unexpected", "critical"],
    ]);
    const open = instanceFindings(report)[1];
    expect(open).toMatchObject({ principal: null, resource: null, direction: "escalation" });
    expect(open?.actual).toMatchObject({ vpcAuthFree: true });
    expect(report.status).toBe("drift");
    // Undeclared instances are read with the instance-level calls only: no account or ACL listing.
    const calls = sandbox.alibaba.requests.slice(before);
    const about = (id: string) => calls.filter((r) => r.instanceId === id).map((r) => r.action);
    expect(about("rmq-cn-open").sort()).toEqual(["GetInstance", "ListInstanceIpWhitelist"]);
    // Four instances, two per page: every page was read (twice, by the consistent-listing rule).
    const pages = calls.filter((r) => r.action === "ListInstances").map((r) => r.query.pageNumber);
    expect(new Set(pages)).toEqual(new Set(["1", "2"]));
  });

  it("a waiver with field: instance covers a discovered instance", async () => {
    const waivers = `waivers:
  - { id: LAB-1, target: "alibaba/cn-hangzhou/rmq-cn-o*", field: instance, reason: lab, expires: 2999-12-31 }`;
    const report = await audit(baseline(waivers));
    const waived = instanceFindings(report).filter((f) => f.waiver !== null);
    expect(waived.map((f) => f.target).sort()).toEqual([
      "alibaba/cn-hangzhou/rmq-cn-open",
      "alibaba/cn-hangzhou/rmq-cn-other",
    ]);
  });

  it("a scope whose ListInstances fails is unreadable and the run incomplete", async () => {
    sandbox.huawei.faults.add({ kind: "server-error", call: "ListInstances" });
    const report = await audit(baseline());
    const scope = report.targets.find((t) => t.key === "huawei/cn-north-4/*");
    expect(scope).toMatchObject({ status: "unreadable" });
    expect(scope?.error).toMatchObject({ code: "DMS.00500000", call: "ListInstances" });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        target: "huawei/cn-north-4/*",
        kind: "unreadable",
        field: "target",
      }),
    );
    expect(report.status).toBe("incomplete");
    // The other cloud's discovery still went on.
    expect(instanceFindings(report).some((f) => f.target.startsWith("alibaba/"))).toBe(true);
  });
});
