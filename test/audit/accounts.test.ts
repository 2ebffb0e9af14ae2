// Many accounts in one audit, end to end over the sandbox: two Alibaba accounts reached through STS
// AssumeRole and one Huawei account through an IAM agency, all from the base keys; a role that
// cannot be assumed fails only its own targets; a target read with the wrong profile fails
// visibly; and no base or temporary secret reaches any output.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceError } from "../../sandbox/alibaba-envelopes.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { createApp } from "../../shared/audit/app.ts";
import type { AuditOutcome } from "../../shared/audit/types.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { createJsonLogger } from "../../shared/log/logger.ts";

const BASE = { id: "LTAIauditorBaseKey01", secret: "CANARY-ali-base-secret-7d1f" };
const HW_BASE = { ak: "HWAUDITORBASEAK00001", sk: "CANARY-hw-base-sk-55aa" };
const PROJECT = "0123456789abcdef0123456789abcdef";
const HW_INSTANCE = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const role = (account: string, name = "rmq-drift-audit") => `acs:ram::${account}:role/${name}`;

const instance = (instanceId: string, account: string, vpcAuthFree = false) => ({
  regionId: "cn-hangzhou",
  instanceId,
  account,
  aclTypes: ["apache_acl"],
  vpcAuthFree,
  internetWhitelist: [],
  accounts: [
    {
      username: "app",
      password: "CANARY-rmq-password-1",
      accountType: "CUSTOMER",
      accountStatus: "ENABLE",
    },
  ],
  acls: [],
});

const BASELINE = `version: 1
credentials:
  ali-a: { provider: alibaba, assumeRole: "${role("1111111111111111")}" }
  ali-b: { provider: alibaba, assumeRole: "${role("2222222222222222")}" }
  ali-gone: { provider: alibaba, assumeRole: "${role("3333333333333333", "deleted-role")}" }
  hw-prod: { provider: huawei, agency: { domain: acme-prod, name: rmq-drift-audit } }
targets:
  - { provider: alibaba, credentials: ali-a, region: cn-hangzhou, instanceId: rmq-cn-a1, instance: { vpcAuthFree: false } }
  - { provider: alibaba, credentials: ali-b, region: cn-hangzhou, instanceId: rmq-cn-b1, instance: { vpcAuthFree: false } }
  - { provider: alibaba, credentials: ali-b, region: cn-hangzhou, instanceId: rmq-cn-b2 }
  - { provider: alibaba, credentials: ali-b, region: cn-hangzhou, instanceId: rmq-cn-a2 }
  - { provider: alibaba, credentials: ali-gone, region: cn-hangzhou, instanceId: rmq-cn-c1 }
  - { provider: huawei, credentials: hw-prod, region: cn-north-4, projectId: ${PROJECT}, instanceId: ${HW_INSTANCE}, instance: { aclEnabled: true } }
`;

let dir: string;
let sandbox: CloudSandbox;
let outcome: AuditOutcome;
const logs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-accounts-"));
  sandbox = await startCloudSandbox({
    estate: {
      alibaba: {
        accessKeys: [{ id: BASE.id, secret: BASE.secret, account: "9999999999999999" }],
        roles: [
          { arn: role("1111111111111111"), trusts: ["9999999999999999"] },
          { arn: role("2222222222222222"), trusts: ["9999999999999999"] },
        ],
        instances: [
          instance("rmq-cn-a1", "1111111111111111"),
          instance("rmq-cn-a2", "1111111111111111"),
          instance("rmq-cn-b1", "2222222222222222"),
          instance("rmq-cn-b2", "2222222222222222"),
          instance("rmq-cn-c1", "3333333333333333"),
        ],
      },
      huawei: {
        credentials: [{ ak: HW_BASE.ak, sk: HW_BASE.sk, domain: "auditor" }],
        agencies: [{ domain: "acme-prod", name: "rmq-drift-audit", trusts: ["auditor"] }],
        instances: [
          {
            projectId: PROJECT,
            instanceId: HW_INSTANCE,
            domain: "acme-prod",
            enableAcl: true,
            users: [],
          },
        ],
      },
      alibabaKnobs: {},
      huaweiKnobs: {},
    },
  });
  // A server that quotes the caller's temporary secret back in an error message.
  sandbox.alibaba.respond = (request, requestId) => {
    if (request.instanceId !== "rmq-cn-b2") return undefined;
    const temp = sandbox.alibaba.seed.accessKeys.filter((k) => k.account === "2222222222222222");
    const echoed = temp.map((k) => `${k.secret} ${k.securityToken}`).join(" ");
    return serviceError(requestId, 403, "Forbidden", `denied for ${echoed}`);
  };
  const baseline = join(dir, "baseline.yaml");
  await writeFile(baseline, BASELINE);
  const app = createApp({
    config: loadConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID: BASE.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: BASE.secret,
      HUAWEICLOUD_SDK_AK: HW_BASE.ak,
      HUAWEICLOUD_SDK_SK: HW_BASE.sk,
      RMQ_DRIFT_ALIBABA_ENDPOINT: sandbox.url,
      RMQ_DRIFT_ALIBABA_STS_ENDPOINT: sandbox.url,
      RMQ_DRIFT_HUAWEI_ENDPOINT: sandbox.url,
      RMQ_DRIFT_HUAWEI_IAM_ENDPOINT: sandbox.url,
    }),
    baseline,
    reports: join(dir, "reports"),
    logger: createJsonLogger({ level: "debug", write: (line) => logs.push(line) }),
    writeConsole: (text) => logs.push(text),
  });
  // Alerts on: with no channel configured they are printed, into `logs` with everything else.
  outcome = await app.run({ trigger: "cli" });
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

const target = (key: string) =>
  outcome.report.targets.find((t) => t.key === `alibaba/cn-hangzhou/${key}`);

describe("credentials profiles end to end", () => {
  it("reads each account's instances with the credentials STS issued for its role", () => {
    expect(target("rmq-cn-a1")).toMatchObject({ status: "ok", credentials: "ali-a" });
    expect(target("rmq-cn-b1")).toMatchObject({ status: "ok", credentials: "ali-b" });
    const hw = outcome.report.targets.find((t) => t.key.startsWith("huawei/"));
    expect(hw).toMatchObject({ status: "ok", credentials: "hw-prod" });
  });

  it("asks STS once per profile, with a session naming the run and the shortest duration", () => {
    const calls = sandbox.sts.calls;
    expect(calls.map((c) => c.roleArn).sort()).toEqual(
      [
        role("1111111111111111"),
        role("2222222222222222"),
        role("3333333333333333", "deleted-role"),
      ].sort(),
    );
    for (const c of calls) {
      expect(c.sessionName).toBe(`rmq-drift-${outcome.report.runId}`);
      expect(c.durationSeconds).toBe(900);
      expect(c.caller).toBe(BASE.id);
    }
    expect(sandbox.iam.calls).toEqual([
      { domain: "acme-prod", agency: "rmq-drift-audit", durationSeconds: 900, caller: HW_BASE.ak },
    ]);
  });

  it("fails only the targets of a role that cannot be assumed, with the STS code and request id", () => {
    const gone = target("rmq-cn-c1");
    expect(gone?.status).toBe("unreadable");
    expect(gone?.error).toMatchObject({ code: "EntityNotExist.Role", call: "AssumeRole" });
    expect(gone?.error?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(gone?.error?.message).toContain("ali-gone");
    expect(outcome.report.status).toBe("incomplete");
  });

  it("a target read with another account's profile is unreadable, not clean", () => {
    expect(target("rmq-cn-a2")).toMatchObject({ status: "unreadable", credentials: "ali-b" });
    expect(target("rmq-cn-a2")?.error?.code).toBe("Instance.NotFound");
  });

  it("no base or temporary secret reaches the report, the stored files, the alert or the logs", async () => {
    expect(target("rmq-cn-b2")?.error?.message).toContain("<redacted>");
    const secrets = [
      BASE.secret,
      HW_BASE.sk,
      "CANARY-rmq-password-1",
      ...sandbox.alibaba.seed.accessKeys.flatMap((k) => [k.secret, k.securityToken ?? BASE.secret]),
      ...sandbox.huawei.seed.credentials.flatMap((c) => [c.sk, c.securityToken ?? HW_BASE.sk]),
    ];
    expect(secrets.length).toBeGreaterThan(8);
    const files = await readdir(join(dir, "reports"), { recursive: true, withFileTypes: true });
    const texts = await Promise.all(
      files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), "utf8")),
    );
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const everything = [JSON.stringify(outcome.report), ...texts, ...logs].join("\n");
    // The alert was printed (the run is incomplete) and named the failed profile's target.
    expect(outcome.report.delivery?.alerts).toEqual([
      expect.objectContaining({ channel: "console", ok: true }),
    ]);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
