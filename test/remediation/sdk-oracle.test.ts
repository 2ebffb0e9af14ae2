// Every operation rmq-drift writes into `remediation.revert` is checked against the official SDKs
// (dev-only): the Alibaba client builds the request (we capture it at `callApi`, nothing is sent), and
// the Huawei client's request definitions give method and URL template. Operation names, methods,
// paths and the body/query split must agree exactly.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { remediationFor } from "../../shared/audit/remediation.ts";
import { compare } from "../../shared/drift/compare.ts";
import type { CloudOperation } from "../../shared/model/remediation.ts";
import { scenarioBaseline, scenarioNow, scenarioSnapshot } from "../drift/scenario.ts";
import { oddNamesBaseline, oddNamesSnapshot } from "./odd-names.ts";

const require = createRequire(import.meta.url);
const ali = require("@alicloud/rocketmq20220801") as typeof import("@alicloud/rocketmq20220801");
const core = require("@alicloud/openapi-core") as typeof import("@alicloud/openapi-core");
const dara = require("@darabonba/typescript") as { RuntimeOptions: new (map: object) => unknown };
const hw = require("@huaweicloud/huaweicloud-sdk-rocketmq/v2/RocketMQClient.js") as {
  ParamCreater: () => Record<string, (req: Record<string, unknown>) => HuaweiOptions>;
};

interface HuaweiOptions {
  method: string;
  url: string;
  pathParams: Record<string, string>;
  data?: unknown;
}

interface Captured {
  action: string;
  method: string;
  pathname: string;
  body: unknown;
  query: unknown;
}

type Models = Record<string, new (map: Record<string, unknown>) => unknown>;
type SdkCall = (...args: unknown[]) => Promise<unknown>;

class CapturingClient extends ali.default {
  captured: Captured | undefined;
  override async callApi(params: Record<string, unknown>, request: Record<string, unknown>) {
    this.captured = {
      action: String(params.action),
      method: String(params.method),
      pathname: String(params.pathname),
      body: request.body,
      query: request.query,
    };
    return { body: {}, headers: {}, statusCode: 200 };
  }
}

function operationsOf(baseline = scenarioBaseline, snapshot = scenarioSnapshot) {
  const result = compare(baseline, snapshot, { now: scenarioNow });
  const remediate = remediationFor(baseline, snapshot);
  return result.findings.flatMap((f) =>
    remediate(f).revert.map((op) => ({ op, finding: f, provider: f.target.split("/")[0] })),
  );
}

const ALIBABA_ACCOUNT_OPS = new Set([
  "UpdateInstanceAccount",
  "DeleteInstanceAccount",
  "CreateInstanceAcl",
  "UpdateInstanceAcl",
  "DeleteInstanceAcl",
]);

async function alibabaRequest(op: CloudOperation, instanceId: string, username: string) {
  const client = new CapturingClient(
    new core.$OpenApiUtil.Config({ accessKeyId: "ak", accessKeySecret: "sk", endpoint: "x" }),
  );
  const method = `${op.operation[0]?.toLowerCase()}${op.operation.slice(1)}WithOptions`;
  const call = (client as unknown as Record<string, SdkCall>)[method];
  expect(call, `SDK has ${method}`).toBeTypeOf("function");
  const Request = (ali as unknown as Models)[`${op.operation}Request`];
  const fields: Record<string, unknown> = {
    ...(op.query ?? {}),
    ...((op.body as Record<string, unknown>) ?? {}),
  };
  // The SDK takes this list as an array and sends it comma-joined ("simple" style), as we write it.
  if (op.operation === "DeleteInstanceIpWhitelist")
    fields.ipWhitelists = String(fields.ipWhitelists).split(",");
  const args: unknown[] = [instanceId];
  if (ALIBABA_ACCOUNT_OPS.has(op.operation)) args.push(username);
  if (Request) args.push(new Request(fields));
  await call?.call(client, ...args, {}, new dara.RuntimeOptions({}));
  return client.captured;
}

describe("Alibaba revert operations match @alicloud/rocketmq20220801", () => {
  const cases = [...operationsOf(), ...operationsOf(oddNamesBaseline, oddNamesSnapshot)].filter(
    (c) => c.provider === "alibaba",
  );

  it("covers every operation the builders emit", () => {
    expect(new Set(cases.map((c) => c.op.operation))).toEqual(
      new Set([
        "UpdateInstance",
        "CreateInstanceAccount",
        "UpdateInstanceAccount",
        "DeleteInstanceAccount",
        "CreateInstanceAcl",
        "UpdateInstanceAcl",
        "DeleteInstanceAcl",
        "CreateInstanceIpWhitelist",
        "DeleteInstanceIpWhitelist",
      ]),
    );
  });

  it.each(cases.map((c) => [c.op.operation, c.op.path, c] as const))(
    "%s %s",
    async (_name, _path, { op, finding }) => {
      const instanceId = finding.target.split("/")[2] ?? "";
      const got = await alibabaRequest(op, instanceId, finding.principal ?? "");
      expect(got?.action).toBe(op.operation);
      expect(got?.method).toBe(op.method);
      expect(got?.pathname).toBe(op.path);
      // The SDK puts each field in the body or the query; ours must sit in the same place.
      const body = (got?.body ?? {}) as Record<string, unknown>;
      expect(JSON.parse(JSON.stringify(body))).toEqual(op.body ?? {});
      expect(got?.query ?? {}).toEqual(op.query ?? {});
    },
  );
});

describe("Huawei revert operations match @huaweicloud/huaweicloud-sdk-rocketmq", () => {
  const cases = [...operationsOf(), ...operationsOf(oddNamesBaseline, oddNamesSnapshot)].filter(
    (c) => c.provider === "huawei",
  );

  it("covers every operation the builders emit", () => {
    expect(new Set(cases.map((c) => c.op.operation))).toEqual(
      new Set(["UpdateInstance", "CreateUser", "UpdateUser", "DeleteUser"]),
    );
  });

  it.each(cases.map((c) => [c.op.operation, c.op.path, c] as const))(
    "%s %s",
    (_name, _path, { op, finding }) => {
      const target = scenarioOrOdd(finding.target);
      const fn = hw.ParamCreater()[`${op.operation[0]?.toLowerCase()}${op.operation.slice(1)}`];
      expect(fn, `SDK has ${op.operation}`).toBeTypeOf("function");
      const options = fn?.({
        instance_id: target.instanceId,
        user_name: finding.principal ?? "",
        body: op.body ?? {},
      });
      expect(options?.method).toBe(op.method);
      // The SDK fills {project_id} from the client's credentials and the rest from pathParams;
      // its signer percent-encodes them (BaseCredentials.parsePath).
      const params: Record<string, string> = {
        project_id: target.projectId,
        ...options?.pathParams,
      };
      const expected = options?.url.replace(/\{(\w+)\}/g, (_, k: string) =>
        encodeURIComponent(params[k] ?? ""),
      );
      expect(op.path).toBe(expected);
      expect(options?.data ?? null).toEqual(op.body);
    },
  );
});

function scenarioOrOdd(key: string): { instanceId: string; projectId: string } {
  const all = [...scenarioBaseline.targets, ...oddNamesBaseline.targets];
  const t = all.find((x) => `${x.provider}/${x.region}/${x.instanceId}` === key);
  if (t?.provider !== "huawei") throw new Error(`no Huawei target ${key}`);
  return t;
}
