// Our AssumeRole and agency requests against the STS and IAM stand-ins, which verify the base
// signature with the same ACS3 / SDK-HMAC-SHA256 verifiers the official SDKs' oracle tests pass:
// accepted with the right base keys, refused (code, request id, nothing secret) with wrong ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import { openAlibabaProfile } from "../../shared/providers/alibaba/sts.ts";
import { openHuaweiProfile } from "../../shared/providers/huawei/iam.ts";
import { createSecretRegistry } from "../../shared/providers/redact.ts";

const ROLE = "acs:ram::1111111111111111:role/audit";
let sandbox: CloudSandbox;

beforeAll(async () => {
  sandbox = await startCloudSandbox({
    estate: {
      alibaba: {
        accessKeys: [{ id: "LTAIbase", secret: "right-ali-secret", account: "9" }],
        roles: [{ arn: ROLE, trusts: ["9"] }],
        instances: [],
      },
      huawei: {
        credentials: [{ ak: "HWBASE", sk: "right-hw-secret", domain: "auditor" }],
        agencies: [{ domain: "prod", name: "audit", trusts: ["auditor"] }],
        instances: [],
      },
      alibabaKnobs: {},
      huaweiKnobs: {},
    },
  });
});
afterAll(() => sandbox.close());

function context<C>(base: C, endpoint: string) {
  return {
    base,
    section: { qps: 5, credentialEndpoint: endpoint },
    variable: () => undefined,
    profileName: "prod",
    runId: "20261202T000000Z-abc123",
    secrets: createSecretRegistry(),
    common: { concurrency: 1, timeoutMs: 5000, logger: silentLogger },
    now: () => new Date(),
  };
}

describe("STS AssumeRole", () => {
  it("is accepted with the base keys and yields the role account's keys", async () => {
    const ctx = context(
      { accessKeyId: "LTAIbase", accessKeySecret: "right-ali-secret" },
      sandbox.url,
    );
    const source = openAlibabaProfile({ provider: "alibaba", assumeRole: ROLE }, ctx);
    await source.fresh();
    const issued = sandbox.alibaba.seed.accessKeys.find(
      (k) => k.id === source.current().accessKeyId,
    );
    expect(issued).toMatchObject({ account: "1111111111111111" });
    expect(source.current().securityToken).toBe(issued?.securityToken);
    expect(ctx.secrets.redact(`x ${issued?.secret} y`)).toBe("x <redacted> y");
    expect(source.account).toBe("account:1111111111111111");
  });

  it("is refused with a wrong base secret, and the error carries no secret", async () => {
    const ctx = context(
      { accessKeyId: "LTAIbase", accessKeySecret: "wrong-ali-secret" },
      sandbox.url,
    );
    const source = openAlibabaProfile({ provider: "alibaba", assumeRole: ROLE }, ctx);
    const err = await source.fresh().then(
      () => null,
      (e: unknown) => e as Error & { details: { code: string; requestId: string } },
    );
    expect(err?.details.code).toBe("SignatureDoesNotMatch");
    expect(err?.details.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(String(err?.message)).not.toContain("wrong-ali-secret");
  });
});

describe("IAM agency credentials", () => {
  it("are issued for a trusted agency and refused for a wrong base secret", async () => {
    const ok = context({ ak: "HWBASE", sk: "right-hw-secret" }, sandbox.url);
    const source = openHuaweiProfile(
      { provider: "huawei", agency: { domain: "prod", name: "audit" } },
      ok,
    );
    await source.fresh();
    expect(sandbox.huawei.seed.credentials.find((c) => c.ak === source.current().ak)?.domain).toBe(
      "prod",
    );
    const bad = context({ ak: "HWBASE", sk: "wrong-hw-secret" }, sandbox.url);
    const refused = openHuaweiProfile(
      { provider: "huawei", agency: { domain: "prod", name: "audit" } },
      bad,
    );
    const err = await refused.fresh().then(
      () => null,
      (e: unknown) => e as Error & { details: { code: string } },
    );
    expect(err?.details.code).toBe("APIGW.0301");
    expect(String(err?.message)).not.toContain("wrong-hw-secret");
  });

  it("refuses an agency that does not trust the caller's account", async () => {
    const ctx = context({ ak: "HWBASE", sk: "right-hw-secret" }, sandbox.url);
    const source = openHuaweiProfile(
      { provider: "huawei", agency: { domain: "prod", name: "other" } },
      ctx,
    );
    const err = await source.fresh().then(
      () => null,
      (e: unknown) => e as Error & { details: { code: string; requestId: string | null } },
    );
    expect(err?.details.code).toBe("IAM.0112");
    expect(err?.details.requestId).not.toBeNull();
  });
});
