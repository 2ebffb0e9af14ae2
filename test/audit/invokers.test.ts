// Which invoker a coordinator opens and with which keys: the per-invocation keys a platform hands the
// function (FunctionGraph's agency, FC's role) win over the environment's, and a platform without
// the credentials it needs is a configuration error before anything is sent.
import { afterEach, describe, expect, it } from "vitest";
import { type FunctionGraphApi, startFunctionGraphApi } from "../../sandbox/functiongraph-api.ts";
import { openInvoker } from "../../shared/audit/invokers.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import type { WorkerInvoker } from "../../shared/invoke/types.ts";
import { silentLogger } from "../../shared/log/logger.ts";

const PROJECT = "0123456789abcdef0123456789abcdef";
const URN = `urn:fss:cn-north-4:${PROJECT}:function:default:rmq-drift-worker`;
const AGENCY = {
  ak: "HWAGENCYAK0000000001",
  sk: "agency-secret-1",
  securityToken: "agency-token-1",
};
const PAYLOAD = { shard: { runId: "20261203T030000Z-abcdef", n: 0, planKey: "r/plan.json" } };

let api: FunctionGraphApi | undefined;
let invoker: WorkerInvoker | undefined;
afterEach(async () => {
  await invoker?.close();
  await api?.close();
});

function fgConfig(extra: Record<string, string> = {}) {
  return loadConfig({
    RMQ_DRIFT_FANOUT: "functiongraph",
    RMQ_DRIFT_WORKER_FUNCTION: URN,
    RMQ_DRIFT_FANOUT_ENDPOINT: api?.url ?? "http://127.0.0.1:9",
    ...extra,
  });
}

describe("openInvoker", () => {
  it("FunctionGraph: signs with the agency's keys from the invocation, not the environment's", async () => {
    // The stand-in knows the agency's key only: the environment's key would be refused.
    api = await startFunctionGraphApi({ credentials: [AGENCY], functions: [URN] });
    const config = fgConfig({
      HUAWEICLOUD_SDK_AK: "HWENVAK0000000000001",
      HUAWEICLOUD_SDK_SK: "env",
    });
    invoker = openInvoker(config, {
      platform: undefined,
      reports: "./reports",
      credentials: { huawei: AGENCY },
      logger: silentLogger,
    });
    expect(invoker.platform).toBe("functiongraph");
    const result = await invoker.invoke(PAYLOAD);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.requests.map((r) => r.status)).toEqual([202]);
  });

  it("FunctionGraph without any Huawei keys is a configuration error, and nothing is sent", async () => {
    api = await startFunctionGraphApi({ credentials: [AGENCY], functions: [URN] });
    expect(() =>
      openInvoker(fgConfig(), { platform: undefined, reports: "./reports", logger: silentLogger }),
    ).toThrow(ConfigError);
    expect(api.requests).toEqual([]);
  });
});
