// Builds the function artifacts, runs `serverless package` (osls) with no network (when the machine
// lets us drop it), and checks its output has no warning and the generated CloudFormation: schedule,
// routes, IAM scope, runtime, env wiring, failure destination and alarm, and artifact sizes.
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvSchema, loadConfig } from "../../shared/config/config.ts";
import { expectShardWaitFits, zipEntries } from "./artifacts.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAX_ZIP_BYTES = 3 * 1024 * 1024;
const STAGE = "test";
const BUCKET = "acme-rmq-reports";
const PREFIX = "drift";
const BASELINE_KEY = "baselines/prod.yaml";

// A CloudFormation template is walked by key in assertions; every use is checked by an expect().
// biome-ignore lint/suspicious/noExplicitAny: generated JSON, inspected ad hoc
type Json = Record<string, any>;
let resources: Json;
let packageOutput: string;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const res = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", timeout: 180_000 });
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${res.status}):\n${res.stdout}\n${res.stderr}`,
    );
  }
  return `${res.stdout}\n${res.stderr}`;
}

/** `unshare -n` runs a command in a network namespace with no interfaces: proof of "offline". */
function offlinePrefix(): string[] {
  const probe = spawnSync("unshare", ["-n", "true"]);
  return probe.status === 0 ? ["unshare", "-n"] : [];
}

/** Deploy-time secret references replaced by placeholders, and AWS_REGION as Lambda sets it. */
function resolvedSecrets(vars: Record<string, string>): Record<string, string> {
  const out = Object.fromEntries(
    Object.entries(vars).map(([k, v]) => [k, v.startsWith("{{resolve:") ? "" : v]),
  );
  return { ...out, AWS_REGION: "eu-west-1" };
}

const ofType = (type: string) =>
  Object.entries(resources).filter(([, r]) => (r as Json).Type === type) as [string, Json][];

/** The function's async invocations are retried twice, then sent to the failure topic. */
function expectRetriedThenFailureTopic(functionResource: string, maxEventAgeSeconds: number) {
  const config = ofType("AWS::Lambda::EventInvokeConfig")
    .map(([, r]) => r.Properties)
    .find((c) => c.FunctionName.Ref === functionResource);
  expect(config).toEqual({
    FunctionName: { Ref: functionResource },
    DestinationConfig: { OnFailure: { Destination: { Ref: "FailureTopic" } } },
    Qualifier: "$LATEST",
    MaximumEventAgeInSeconds: maxEventAgeSeconds,
    MaximumRetryAttempts: 2,
  });
}

beforeAll(() => {
  run("node", ["scripts/build.mjs"]);
  const offline = offlinePrefix();
  console.log(
    offline.length
      ? "serverless package: network namespace without network"
      : "serverless package: unshare unavailable, running as is",
  );
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: "1",
    SLS_NOTIFICATIONS_MODE: "off",
    SLS_DEPRECATION_DISABLE: "*",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_REGION: "eu-west-1",
  };
  const params = [
    `reportsBucket=${BUCKET}`,
    `reportsPrefix=${PREFIX}`,
    `baselineKey=${BASELINE_KEY}`,
  ];
  const sls = [join(ROOT, "node_modules/.bin/serverless"), "package", "--stage", STAGE];
  const argv = [...offline, ...sls, ...params.map((p) => `--param=${p}`)];
  packageOutput = run(argv[0]!, argv.slice(1), env);
  const path = join(ROOT, ".serverless/cloudformation-template-update-stack.json");
  resources = JSON.parse(readFileSync(path, "utf8")).Resources;
}, 240_000);

describe("serverless package", () => {
  it("packages without a configuration warning or deprecation", () => {
    expect(packageOutput).toContain("Service packaged");
    expect(packageOutput).not.toMatch(/warning|deprecat|invalid configuration/i);
  });

  it("defines the three functions on Node.js 24, from our own artifacts", () => {
    const fns = Object.fromEntries(
      ofType("AWS::Lambda::Function").map(([, r]) => [r.Properties.FunctionName, r.Properties]),
    );
    expect(Object.keys(fns).sort()).toEqual([
      `rmq-drift-${STAGE}-http`,
      `rmq-drift-${STAGE}-scheduled`,
      `rmq-drift-${STAGE}-worker`,
    ]);
    for (const [name, props] of Object.entries(fns) as [string, Json][]) {
      expect(props.Runtime).toBe("nodejs24.x");
      expect(props.Handler).toBe("index.handler");
      expect(props.Code.S3Key).toMatch(new RegExp(`/${name.split("-").at(-1)}\\.zip$`));
    }
  });

  it("schedules the scheduled function from the schedule parameter", () => {
    const rules = ofType("AWS::Events::Rule");
    expect(rules).toHaveLength(1);
    const props = rules[0]![1].Properties;
    expect(props.ScheduleExpression).toBe("cron(0 3 * * ? *)");
    expect(props.Targets[0].Arn).toEqual({ "Fn::GetAtt": ["ScheduledLambdaFunction", "Arn"] });
  });

  it("routes the HTTP API to the http function", () => {
    const routes = ofType("AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties.RouteKey);
    expect(routes.sort()).toEqual(
      [
        "$default",
        "GET /healthz",
        "GET /reports/latest",
        "GET /reports/{runId}",
        "POST /audit",
      ].sort(),
    );
    const integrations = ofType("AWS::ApiGatewayV2::Integration");
    expect(integrations).toHaveLength(1);
    const props = integrations[0]![1].Properties;
    expect(JSON.stringify(props.IntegrationUri)).toContain("HttpLambdaFunction");
    expect(props.PayloadFormatVersion).toBe("2.0");
  });

  it("grants S3 access to the reports prefix and the baseline object only", () => {
    const roles = ofType("AWS::IAM::Role");
    expect(roles).toHaveLength(1);
    const role = roles[0]![1].Properties;
    expect(role.ManagedPolicyArns ?? []).toEqual([]);
    const statements: Json[] = role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
    const s3 = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("s3:")));
    expect(s3).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringLike: { "s3:prefix": [`${PREFIX}/*`, PREFIX] } },
      },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `arn:aws:s3:::${BUCKET}/${PREFIX}/*`,
      },
      {
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: `arn:aws:s3:::${BUCKET}/${BASELINE_KEY}`,
      },
    ]);
    // Lambda's on-failure destination publishes with the function's role: to that topic only.
    const sns = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith("sns:")),
    );
    // (The framework adds one statement per function with a destination: two, the same.)
    expect(new Set(sns.map((s) => JSON.stringify(s)))).toEqual(
      new Set([
        JSON.stringify({
          Effect: "Allow",
          Action: "sns:Publish",
          Resource: { Ref: "FailureTopic" },
        }),
      ]),
    );
    // Fan-out: invoking this stage's worker function, and no other function.
    const lambda = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith("lambda:")),
    );
    expect(lambda).toEqual([
      {
        Effect: "Allow",
        Action: ["lambda:InvokeFunction"],
        Resource: {
          "Fn::Join": [
            ":",
            [
              "arn:aws:lambda",
              { Ref: "AWS::Region" },
              { Ref: "AWS::AccountId" },
              "function",
              `rmq-drift-${STAGE}-worker`,
            ],
          ],
        },
      },
    ]);
    // The rest is the framework's own: writing this service's Lambda logs, nothing broader.
    const ours = [...s3, ...sns, ...lambda];
    for (const s of statements.filter((x) => !ours.includes(x))) {
      expect(s.Effect).toBe("Allow");
      for (const action of [s.Action].flat())
        expect(action).toMatch(/^logs:(CreateLogStream|CreateLogGroup|TagResource|PutLogEvents)$/);
      for (const r of [s.Resource].flat()) {
        expect(JSON.stringify(r)).toContain(`log-group:/aws/lambda/rmq-drift-${STAGE}`);
      }
    }
    for (const s of statements) {
      expect(s.Effect).toBe("Allow");
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/(^\*$|:\*$)/);
      for (const r of [s.Resource].flat()) expect(r).not.toBe("*");
    }
  });

  it("sets only environment variables that the configuration accepts", () => {
    for (const [, fn] of ofType("AWS::Lambda::Function")) {
      for (const name of Object.keys(fn.Properties.Environment.Variables)) {
        expect(Object.keys(EnvSchema.shape)).toContain(name);
      }
    }
  });

  it("wires the environment from parameters, and secrets only as deploy-time references", () => {
    const fn = resources.HttpLambdaFunction.Properties.Environment.Variables as Record<
      string,
      string
    >;
    expect(fn.RMQ_DRIFT_REPORTS).toBe(`s3://${BUCKET}/${PREFIX}`);
    expect(fn.RMQ_DRIFT_BASELINE).toBe(`s3://${BUCKET}/${BASELINE_KEY}`);
    expect(fn.RMQ_DRIFT_HTTP_TOKEN_SHA256).toBe("");
    const secretNames = Object.keys(fn).filter(
      (k) => /KEY|SECRET|_AK$|_SK$|TOKEN$|ALERTS$/.test(k) && k !== "RMQ_DRIFT_HTTP_TOKEN_SHA256",
    );
    expect(secretNames.sort()).toEqual(
      [
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "RMQ_DRIFT_ALERTS",
      ].sort(),
    );
    for (const name of secretNames) {
      expect(fn[name]).toBe(`{{resolve:secretsmanager:rmq-drift/${STAGE}:SecretString:${name}}}`);
    }
    const scheduled = resources.ScheduledLambdaFunction.Properties.Environment.Variables;
    expect(scheduled.RMQ_DRIFT_HTTP_TOKEN_SHA256).toBeUndefined();
  });

  it("sends a scheduled run that failed after its retries to the failure topic, and alarms", () => {
    expectRetriedThenFailureTopic("ScheduledLambdaFunction", 3600);
    expect(resources.FailureTopic.Type).toBe("AWS::SNS::Topic");
    const alarm = resources.ScheduledErrorsAlarm.Properties;
    expect(alarm).toMatchObject({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: "ScheduledLambdaFunction" } }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [{ Ref: "FailureTopic" }],
    });
    // The e-mail subscription exists only when an address is configured.
    expect(resources.FailureEmail.Condition).toBe("HasAlarmEmail");
  });

  it("fans scheduled runs out to the worker, which retries asynchronously and holds no alert secrets", () => {
    const scheduled = resources.ScheduledLambdaFunction.Properties.Environment.Variables;
    const config = loadConfig(resolvedSecrets(scheduled));
    expect(config.fanout).toMatchObject({
      platform: "lambda",
      workerFunction: `rmq-drift-${STAGE}-worker`,
      shardSize: 50,
      waitMs: 600_000,
    });
    const timeout = (name: string) => resources[name].Properties.Timeout as number;
    expectShardWaitFits(
      {
        coordinatorS: timeout("ScheduledLambdaFunction"),
        workerS: timeout("WorkerLambdaFunction"),
      },
      config.fanout.waitMs / 1000,
    );
    // Only the scheduled function coordinates: HTTP's 30 s gateway limit is shorter than a wait.
    const http = resources.HttpLambdaFunction.Properties.Environment.Variables;
    expect(loadConfig(resolvedSecrets(http)).fanout.platform).toBeUndefined();
    const worker = resources.WorkerLambdaFunction.Properties;
    expect(worker.Environment.Variables.RMQ_DRIFT_ALERTS).toBe("");
    expect(worker.Environment.Variables.RMQ_DRIFT_FANOUT).toBeUndefined();
    expect(worker.Code.S3Key).toMatch(/\/worker\.zip$/);
    expectRetriedThenFailureTopic("WorkerLambdaFunction", 600);
    // The worker is started by our coordinator only: no schedule, route or other trigger.
    const triggered = JSON.stringify([
      ...ofType("AWS::Events::Rule"),
      ...ofType("AWS::ApiGatewayV2::Integration"),
      ...ofType("AWS::Lambda::Permission"),
    ]);
    expect(triggered).not.toContain("WorkerLambdaFunction");
  });

  it("ships small artifacts: bundled code only, no source maps", async () => {
    for (const name of ["scheduled", "http", "worker"]) {
      const zip = join(ROOT, "dist", `${name}.zip`);
      const bytes = statSync(zip).size;
      console.log(`${name}.zip: ${(bytes / 1024).toFixed(1)} KiB`);
      expect(bytes).toBeLessThan(MAX_ZIP_BYTES);
      const entries = zipEntries(zip);
      expect(entries).toContain("index.mjs");
      expect(entries).toContain("functiongraph.js");
      expect(entries).toContain("package.json");
      expect(entries.every((e) => /\.m?js$|^package\.json$/.test(e) && !e.includes("/"))).toBe(
        true,
      );
      const entry = await import(pathToFileURL(join(ROOT, "dist", name, "index.mjs")).href);
      expect(typeof entry.handler).toBe("function");
      expect(typeof entry.fcHandler).toBe("function");
      expect(typeof entry.fgHandler).toBe("function");
      // FunctionGraph require()s functiongraph.js: CommonJS, whose handler reaches the bundle.
      const shim = createRequire(import.meta.url)(join(ROOT, "dist", name, "functiongraph.js"));
      expect(typeof shim.handler).toBe("function");
    }
  });
});
