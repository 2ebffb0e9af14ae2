// s.yaml (Serverless Devs, fc3 component) read the way `s deploy` reads it: variables resolved, the
// fc3 schema's required props and ranges, each handler present in the artifact it names, every
// environment variable one that rmq-drift's configuration accepts, and the triggers, role, logs and
// failure destination that docs/deploy.md promises.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EnvSchema, loadConfig } from "../../shared/config/config.ts";
import { type Built, buildArtifacts, expectHandler, expectShardWaitFits } from "./artifacts.ts";

const ACCOUNT = "1234567890123456";
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, inspected ad hoc
type Json = Record<string, any>;
const raw = parse(readFileSync("s.yaml", "utf8")) as Json;
let built: Built;

/** Serverless Devs' `${...}` forms used in the file; anything else is a mistake in s.yaml. */
function resolve(value: unknown, env: Record<string, string>, vars: Json = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, env, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, env, vars)]));
  }
  if (typeof value !== "string") return value;
  return value.replace(/\$\{([^}]+)\}/g, (_, expr: string) => {
    const e = /^env\('([A-Z0-9_]+)'(?:, *'([^']*)')?\)$/.exec(expr);
    if (e) return env[e[1]!] ?? e[2] ?? "";
    if (expr === "config('AccountID')") return ACCOUNT;
    const v = /^vars\.(\w+)$/.exec(expr);
    if (v && typeof vars[v[1]!] === "string") return vars[v[1]!];
    throw new Error(`s.yaml: cannot resolve \${${expr}}`);
  });
}

function resolved(env: Record<string, string> = {}): Json {
  const vars = resolve(raw.vars, env) as Json;
  return resolve(raw.resources, env, vars) as Json;
}

beforeAll(async () => {
  built = await buildArtifacts();
}, 120_000);
afterAll(() => built?.close());

describe("s.yaml (Serverless Devs, fc3)", () => {
  it("is an edition 3 project of fc3 resources with the schema's required props", () => {
    expect(raw.edition).toBe("3.0.0");
    const resources = resolved();
    expect(Object.keys(resources).sort()).toEqual(["http", "scheduled", "worker"]);
    for (const { component, props } of Object.values(resources) as Json[]) {
      expect(component).toBe("fc3");
      for (const key of ["region", "functionName", "runtime", "code", "handler"]) {
        expect(props[key], key).toBeTruthy();
      }
      // FC's newest built-in Node.js runtime (the fc3 schema has no nodejs22/24).
      expect(props.runtime).toBe("nodejs20");
      expect(props.memorySize % 64).toBe(0);
      expect(props.timeout).toBeGreaterThanOrEqual(1);
      expect(props.timeout).toBeLessThanOrEqual(86400);
    }
  });

  it("names handlers that exist in the built artifacts", async () => {
    for (const { props } of Object.values(resolved()) as Json[]) {
      await expectHandler(built, props.code.replace(/^\.\//, ""), props.handler, "esm");
    }
  });

  it("sets only environment variables that the configuration accepts, with valid values", () => {
    const env = { RMQ_DRIFT_HTTP_TOKEN_SHA256: "ab".repeat(32), RMQ_DRIFT_OSS_BUCKET: "acme" };
    for (const { props } of Object.values(resolved(env)) as Json[]) {
      const vars = props.environmentVariables as Record<string, string>;
      for (const name of Object.keys(vars)) expect(Object.keys(EnvSchema.shape)).toContain(name);
      const config = loadConfig(vars);
      expect(config.reports).toBe("s3://acme/rmq-drift");
      expect(config.baseline).toBe("s3://acme/config/baseline.yaml");
      expect(config.s3.endpoint).toBe("https://s3.oss-cn-hangzhou-internal.aliyuncs.com");
      // No long-lived Alibaba key: FC's context.credentials sign both the RocketMQ API and OSS.
      expect(Object.keys(vars).filter((k) => k.startsWith("ALIBABA_CLOUD_"))).toEqual([]);
    }
    const http = resolved(env).http.props.environmentVariables;
    expect(loadConfig(http).httpTokenHashes).toEqual(["ab".repeat(32)]);
  });

  it("triggers the scheduled function by timer (cron from a variable) and the other by HTTP", () => {
    const { scheduled, http } = resolved({ RMQ_DRIFT_CRON: "0 30 2 * * *" });
    expect(scheduled.props.triggers).toEqual([
      {
        triggerName: "schedule",
        triggerType: "timer",
        triggerConfig: { cronExpression: "0 30 2 * * *", enable: true, payload: "" },
      },
    ]);
    const defaultCron = resolved().scheduled.props.triggers[0].triggerConfig.cronExpression;
    expect(defaultCron.replace(/^CRON_TZ=\S+ /, "").split(" ")).toHaveLength(6);
    const [api] = http.props.triggers;
    expect(api.triggerType).toBe("http");
    expect(api.triggerConfig.authType).toBe("anonymous");
    expect(api.triggerConfig.methods).toEqual(expect.arrayContaining(["GET", "POST"]));
  });

  it("runs as the auditor's RAM role, logs to SLS, and sends a failed scheduled run to MNS", () => {
    const { scheduled, http, worker } = resolved({ RMQ_DRIFT_REGION: "cn-shanghai" });
    for (const { props } of [scheduled, http, worker]) {
      expect(props.role).toBe(`acs:ram::${ACCOUNT}:role/rmq-drift-fc`);
      expect(props.logConfig).toMatchObject({ project: "rmq-drift-logs", logstore: "functions" });
    }
    const async = scheduled.props.asyncInvokeConfig;
    expect(async.maxAsyncRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(async.maxAsyncRetryAttempts).toBeLessThanOrEqual(8);
    expect(async.destinationConfig.onFailure.destination).toBe(
      `acs:mns:cn-shanghai:${ACCOUNT}:/topics/rmq-drift-failures/messages`,
    );
  });

  it("fans scheduled runs out to the worker, which retries asynchronously and holds no alert channels", () => {
    const { scheduled, worker, http } = resolved({
      RMQ_DRIFT_ALERTS: "slack+https://hooks.example/x",
    });
    const config = loadConfig(scheduled.props.environmentVariables);
    expect(config.fanout).toMatchObject({
      platform: "fc3",
      workerFunction: worker.props.functionName,
      shardSize: 50,
      waitMs: 600_000,
    });
    expectShardWaitFits(
      { coordinatorS: scheduled.props.timeout, workerS: worker.props.timeout },
      config.fanout.waitMs / 1000,
    );
    expect(worker.props.code).toBe("./dist/worker.zip");
    expect(worker.props.role).toBe(scheduled.props.role);
    // Only the scheduled function coordinates: an HTTP audit must answer within a minute.
    expect(loadConfig(http.props.environmentVariables).fanout.platform).toBeUndefined();
    // A worker never alerts: the alert channels (URLs and tokens are secrets) are not in its env.
    const workerEnv = worker.props.environmentVariables;
    expect(workerEnv.RMQ_DRIFT_ALERTS).toBeUndefined();
    expect(loadConfig(workerEnv).fanout.platform).toBeUndefined();
    expect(worker.props.triggers).toBeUndefined();
    expect(worker.props.asyncInvokeConfig).toEqual({
      maxAsyncRetryAttempts: 2,
      maxAsyncEventAgeInSeconds: 600,
      destinationConfig: {
        onFailure: {
          destination: `acs:mns:cn-hangzhou:${ACCOUNT}:/topics/rmq-drift-failures/messages`,
        },
      },
    });
    // Turning fan-out off is one variable, and the coordinator then needs no worker.
    const off = resolved({ RMQ_DRIFT_FANOUT: "" }).scheduled.props.environmentVariables;
    expect(loadConfig(off).fanout.platform).toBeUndefined();
  });

  it("the role's policy grants only what those settings use", () => {
    const policy = JSON.parse(readFileSync("policies/iam/alibaba-fc-role-policy.json", "utf8"));
    const actions = policy.Statement.flatMap((s: Json) => s.Action).sort();
    expect(actions).toEqual([
      "fc:InvokeFunction",
      "log:PostLogStoreLogs",
      "mns:PublishMessage",
      "oss:GetObject",
      "oss:GetObject",
      "oss:ListObjects",
      "oss:PutObject",
    ]);
    for (const s of policy.Statement)
      for (const r of s.Resource) expect(r).not.toMatch(/:\*$|^\*$/);
    // Fan-out: invoking the worker function, no other.
    const invoke = policy.Statement.find((s: Json) => s.Action.includes("fc:InvokeFunction"));
    expect(invoke.Resource).toEqual(["acs:fc:<REGION>:<ACCOUNT_ID>:functions/<WORKER_FUNCTION>"]);
    const trust = JSON.parse(readFileSync("policies/iam/alibaba-fc-trust-policy.json", "utf8"));
    expect(trust.Statement[0].Principal.Service).toEqual(["fc.aliyuncs.com"]);
  });
});
