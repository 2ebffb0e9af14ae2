import { describe, expect, it } from "vitest";
import { loadConfig } from "../../shared/config/config.ts";
import { ConfigError } from "../../shared/errors.ts";

describe("configuration from the environment", () => {
  it("applies the documented defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      baseline: "policies/baseline.yaml",
      reports: "./reports",
      alertMinSeverity: "high",
      httpTokenHashes: [],
      alertChannels: [],
      listing: "checked",
    });
    expect(c.alibaba.credentials).toBeUndefined();
    expect(c.alibaba.qps).toBeGreaterThan(0);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("reads credentials, endpoints, budgets and channels", () => {
    const hash = "a".repeat(64);
    const c = loadConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
      ALIBABA_CLOUD_SECURITY_TOKEN: "token",
      HUAWEICLOUD_SDK_AK: "ak",
      HUAWEICLOUD_SDK_SK: "sk",
      RMQ_DRIFT_HUAWEI_ENDPOINT: "http://127.0.0.1:9400",
      RMQ_DRIFT_ALIBABA_ENDPOINT: "https://rocketmq-vpc.cn-hangzhou.aliyuncs.com",
      RMQ_DRIFT_ALIBABA_QPS: "2.5",
      RMQ_DRIFT_S3_FORCE_PATH_STYLE: "true",
      RMQ_DRIFT_HTTP_TOKEN_SHA256: ` ${hash.toUpperCase()} , ${"b".repeat(64)}`,
      RMQ_DRIFT_ALERTS:
        "slack+https://hooks.slack.example/services/T/B/X,webhook+https://hooks.example/x",
      RMQ_DRIFT_ALERT_SECRET_2: "hmac-key",
      RMQ_DRIFT_ALERT_MIN_SEVERITY: "critical",
      RMQ_DRIFT_LISTING: "strict",
    });
    expect(c.alibaba.credentials).toEqual({
      accessKeyId: "id",
      accessKeySecret: "secret",
      securityToken: "token",
    });
    expect(c.huawei).toMatchObject({
      credentials: { ak: "ak", sk: "sk" },
      endpoint: "http://127.0.0.1:9400",
    });
    expect(c.alibaba.qps).toBe(2.5);
    expect(c.s3.forcePathStyle).toBe(true);
    expect(c.httpTokenHashes).toEqual([hash, "b".repeat(64)]);
    expect(c.alertChannels.map((ch) => [ch.kind, ch.secret])).toEqual([
      ["slack", null],
      ["webhook", "hmac-key"],
    ]);
    expect(c.alertMinSeverity).toBe("critical");
    expect(c.listing).toBe("strict");
  });

  it.each([
    [{ RMQ_DRIFT_CONCURRENCY: "0" }, "RMQ_DRIFT_CONCURRENCY"],
    [{ RMQ_DRIFT_CONCURRENCY: "0.5" }, "RMQ_DRIFT_CONCURRENCY"],
    [{ RMQ_DRIFT_ALERT_MIN_SEVERITY: "severe" }, "RMQ_DRIFT_ALERT_MIN_SEVERITY"],
    [{ RMQ_DRIFT_LISTING: "twice" }, "RMQ_DRIFT_LISTING"],
    [{ RMQ_DRIFT_HTTP_TOKEN_SHA256: "not-a-digest" }, "RMQ_DRIFT_HTTP_TOKEN_SHA256"],
    [{ RMQ_DRIFT_S3_ENDPOINT: "minio:9000" }, "RMQ_DRIFT_S3_ENDPOINT"],
    [{ RMQ_DRIFT_S3_FORCE_PATH_STYLE: "maybe" }, "RMQ_DRIFT_S3_FORCE_PATH_STYLE"],
    [
      { RMQ_DRIFT_ALIBABA_ENDPOINT: "http://rocketmq.internal.example" },
      "RMQ_DRIFT_ALIBABA_ENDPOINT",
    ],
    [{ RMQ_DRIFT_HUAWEI_ENDPOINT: "ftp://127.0.0.1" }, "RMQ_DRIFT_HUAWEI_ENDPOINT"],
    [{ ALIBABA_CLOUD_ACCESS_KEY_ID: "id" }, "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
    [{ HUAWEICLOUD_SDK_SK: "sk" }, "HUAWEICLOUD_SDK_AK"],
    [{ RMQ_DRIFT_ALERTS: "webhook+https://hooks.example/x" }, "RMQ_DRIFT_ALERT"],
  ])("rejects %o naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it("never echoes a secret in its errors", () => {
    const secret = "CANARY-CONFIG-SECRET";
    try {
      loadConfig({
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
        RMQ_DRIFT_ALERTS: `dingtalk+https://oapi.example/robot/send?access_token=${secret}`,
      });
      expect.unreachable();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(secret);
    }
  });
});
