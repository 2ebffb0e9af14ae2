// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolations, compared as parsed text.
// deploy/functiongraph (Terraform, huaweicloud provider) parsed with HashiCorp's own HCL parser
// (compiled to WebAssembly): handlers resolve in the built artifacts, environment variables are ones
// the configuration accepts, triggers and the failure destination are wired as documented, and the
// agency gets exactly the policies in policies/iam.
import { readFileSync } from "node:fs";
import { parse } from "@cdktn/hcl2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvSchema } from "../../shared/config/config.ts";
import { type Built, buildArtifacts, expectHandler, expectShardWaitFits } from "./artifacts.ts";

const DIR = "deploy/functiongraph";
// biome-ignore lint/suspicious/noExplicitAny: parsed HCL, inspected ad hoc
type Json = Record<string, any>;
let tf: Json;
let built: Built;

const hcl = async (name: string, text: string): Promise<Json> => (await parse(name, text)) as Json;
const one = (r: Json | undefined) => (r as Json[])[0] as Json;
const resource = (type: string, name: string) => one(tf.resource[type]?.[name]);

/** `${jsonencode({...})}` → the object, its leaves left as HCL expressions (`${var.x}`). */
async function jsonencoded(expression: string): Promise<Json> {
  const m = /^\$\{jsonencode\((\{[\s\S]*\})\)\}$/.exec(expression);
  if (!m) throw new Error(`not a jsonencode({...}) literal: ${expression.slice(0, 80)}`);
  return (await hcl("v.tf", `v = ${m[1]}`)).v as Json;
}

/** A map in `locals`: an object, or `${merge(local.x, {...})}` of one. */
async function localMap(name: string): Promise<Json> {
  const value = one(tf.locals)[name];
  return typeof value === "string" ? mergedMap(value.slice(2, -1)) : (value as Json);
}

/** `local.x` or `merge(local.x, {...})` → the map it makes, its leaves left as HCL expressions. */
async function mergedMap(expression: string): Promise<Json> {
  const m = /^(?:merge\()?local\.(\w+)(?:, *(\{[\s\S]*\})\))?$/.exec(expression.trim());
  if (!m) throw new Error(`unexpected map expression: ${expression.slice(0, 80)}`);
  const extra = m[2] ? ((await hcl("v.tf", `v = ${m[2]}`)).v as Json) : {};
  return { ...(await localMap(m[1]!)), ...extra };
}

/** `${jsonencode(<map expression>)}` → the variables it sets and their HCL expressions. */
async function encodedMap(expression: string): Promise<Json> {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression);
  if (!m) throw new Error(`unexpected environment expression: ${expression.slice(0, 80)}`);
  return mergedMap(m[1]!);
}

const encodedKeys = async (expression: string) => Object.keys(await encodedMap(expression));

beforeAll(async () => {
  const files = ["main.tf", "variables.tf"];
  const parts = await Promise.all(files.map((f) => hcl(f, readFileSync(`${DIR}/${f}`, "utf8"))));
  tf = { resource: {}, variable: {}, locals: [] };
  for (const part of parts) {
    Object.assign(tf.resource, part.resource ?? {});
    Object.assign(tf.variable, part.variable ?? {});
    tf.locals.push(...(part.locals ?? []));
  }
  built = await buildArtifacts();
}, 120_000);
afterAll(() => built?.close());

describe("FunctionGraph Terraform", () => {
  it("declares the three functions from the built zips, with handlers that exist in them", async () => {
    const fns = tf.resource.huaweicloud_fgs_function as Json;
    expect(Object.keys(fns).sort()).toEqual(["http", "scheduled", "worker"]);
    for (const name of ["http", "scheduled", "worker"]) {
      const fn = resource("huaweicloud_fgs_function", name);
      expect(fn.code_type).toBe("zip");
      const zip = /filebase64\("\$\{path\.module\}\/\.\.\/\.\.\/(dist\/[\w-]+\.zip)"\)/.exec(
        fn.func_code,
      )?.[1];
      expect(zip).toBe(`dist/${name}.zip`);
      expect(fn.code_filename).toBe(`${name}.zip`);
      await expectHandler(built, zip!, fn.handler, "require");
      expect(fn.runtime).toBe("${var.runtime}");
      expect(fn.agency).toBe("${huaweicloud_identity_agency.functions.name}");
    }
  });

  it("defaults to FunctionGraph's Node.js 22 runtime and refuses anything older", () => {
    const runtime = one(tf.variable.runtime);
    expect(runtime.default).toBe("Node.js22.18");
    const pattern = /regex\("(.+)", var\.runtime\)/.exec(one(runtime.validation).condition)?.[1];
    const accepts = new RegExp(pattern!.replace(/\\\\/g, "\\"));
    for (const ok of ["Node.js22.18", "Node.js24.1"]) expect(ok).toMatch(accepts);
    for (const bad of ["Node.js20.15", "Node.js18.15", "Python3.10"])
      expect(bad).not.toMatch(accepts);
  });

  it("sets only environment variables that the configuration accepts", async () => {
    const accepted = Object.keys(EnvSchema.shape);
    for (const name of ["http", "scheduled", "worker"]) {
      const fn = resource("huaweicloud_fgs_function", name);
      const keys = [
        ...(await encodedKeys(fn.user_data)),
        ...(await encodedKeys(fn.encrypted_user_data)),
      ];
      for (const key of keys) expect(accepted).toContain(key);
      // The agency's keys arrive per invocation: no Huawei AK/SK is deployed.
      expect(keys.filter((k) => k.startsWith("HUAWEICLOUD_"))).toEqual([]);
      expect(keys.includes("RMQ_DRIFT_HTTP_TOKEN_SHA256")).toBe(name === "http");
    }
    const env = one(tf.locals).environment;
    expect(env.RMQ_DRIFT_S3_ENDPOINT).toBe("https://obs.${var.region}.myhuaweicloud.com");
    // Secrets only in encrypted_user_data, and their variables are marked sensitive.
    for (const v of ["alerts", "alibaba_access_key_id", "alibaba_access_key_secret"]) {
      expect(one(tf.variable[v]).sensitive).toBe(true);
    }
  });

  it("triggers the scheduled function by Cron timer and the HTTP one by API Gateway", async () => {
    const timer = resource("huaweicloud_fgs_function_trigger", "schedule");
    expect(timer.type).toBe("TIMER");
    expect(timer.function_urn).toBe("${huaweicloud_fgs_function.scheduled.urn}");
    const event = await jsonencoded(timer.event_data);
    expect(event).toMatchObject({ schedule_type: "Cron", schedule: "${var.schedule}" });
    const cron = one(tf.variable.schedule).default.replace(/^CRON_TZ=\S+ /, "");
    expect(cron.split(" ")).toHaveLength(6);

    const api = resource("huaweicloud_fgs_function_trigger", "api");
    expect(api.function_urn).toBe("${huaweicloud_fgs_function.http.urn}");
    expect(["APIG", "DEDICATEDGATEWAY"]).toContain(api.type);
    expect(await jsonencoded(api.event_data)).toMatchObject({
      path: "/",
      match_mode: "SWA",
      req_method: "ANY",
      auth: "NONE",
      protocol: "HTTPS",
      backend_type: "FUNCTION",
    });
  });

  it("sends a scheduled run that failed after its retries to an SMN topic", async () => {
    const config = resource("huaweicloud_fgs_async_invoke_configuration", "scheduled");
    expect(config.function_urn).toBe("${huaweicloud_fgs_function.scheduled.urn}");
    // Within both documented ranges (API 0-8, Terraform provider 0-3).
    expect(config.max_async_retry_attempts).toBeGreaterThanOrEqual(0);
    expect(config.max_async_retry_attempts).toBeLessThanOrEqual(3);
    const failure = one(config.on_failure);
    expect(failure.destination).toBe("SMN");
    expect(await jsonencoded(failure.param)).toEqual({
      topic_urn: "${huaweicloud_smn_topic.failures.topic_urn}",
    });
  });

  it("fans scheduled runs out to the worker, which retries asynchronously and holds no alert channels", async () => {
    const fn = (name: string) => resource("huaweicloud_fgs_function", name);
    const scheduled = await encodedMap(fn("scheduled").user_data);
    expect(scheduled).toMatchObject({
      RMQ_DRIFT_FANOUT: "${var.fanout}",
      RMQ_DRIFT_WORKER_FUNCTION: "${huaweicloud_fgs_function.worker.urn}",
      RMQ_DRIFT_SHARD_WAIT_SECONDS: "600",
    });
    expect(one(tf.variable.fanout).default).toBe("functiongraph");
    const waitS = Number(scheduled.RMQ_DRIFT_SHARD_WAIT_SECONDS);
    expectShardWaitFits(
      { coordinatorS: fn("scheduled").timeout, workerS: fn("worker").timeout },
      waitS,
    );
    // Only the scheduled function coordinates; the worker gets no alert channels and no trigger.
    expect(Object.keys(await encodedMap(fn("http").user_data))).not.toContain("RMQ_DRIFT_FANOUT");
    const worker = {
      ...(await encodedMap(fn("worker").user_data)),
      ...(await encodedMap(fn("worker").encrypted_user_data)),
    };
    expect(Object.keys(worker)).not.toContain("RMQ_DRIFT_ALERTS");
    expect(Object.keys(worker)).not.toContain("RMQ_DRIFT_FANOUT");
    const triggers = JSON.stringify(tf.resource.huaweicloud_fgs_function_trigger);
    expect(triggers).not.toContain("huaweicloud_fgs_function.worker");
    const async = resource("huaweicloud_fgs_async_invoke_configuration", "worker");
    expect(async.function_urn).toBe("${huaweicloud_fgs_function.worker.urn}");
    expect(async.max_async_retry_attempts).toBe(2);
    expect(async.max_async_event_age_in_seconds).toBe(waitS);
    expect(await jsonencoded(one(async.on_failure).param)).toEqual({
      topic_urn: "${huaweicloud_smn_topic.failures.topic_urn}",
    });
    // The agency may start that worker only (named, since the worker itself uses the agency).
    const policy = JSON.parse(
      readFileSync("policies/iam/huawei-functiongraph-agency-policy.json", "utf8"),
    );
    const invoke = policy.Statement.find((s: Json) =>
      s.Action.includes("functiongraph:function:invokeAsync"),
    );
    expect(invoke.Resource).toEqual(["FUNCTIONGRAPH:*:*:function:default/<WORKER_FUNCTION>"]);
    expect(resource("huaweicloud_identity_role", "failures").policy).toContain(
      '"<WORKER_FUNCTION>", local.worker_name',
    );
    expect(one(tf.locals).worker_name).toBe("${var.name_prefix}-worker");
    expect(fn("worker").name).toBe("${local.worker_name}");
  });

  it("gives the FunctionGraph agency the policies in policies/iam and nothing else", () => {
    const agency = resource("huaweicloud_identity_agency", "functions");
    expect(agency.delegated_service_name).toBe("op_svc_cff");
    expect(one(agency.project_role).roles).toEqual([
      "${huaweicloud_identity_role.dms_read.name}",
      "${huaweicloud_identity_role.failures.name}",
    ]);
    expect(agency.domain_roles).toEqual(["${huaweicloud_identity_role.reports.name}"]);
    const files = {
      dms_read: "huawei-iam-policy.json",
      failures: "huawei-functiongraph-agency-policy.json",
      reports: "huawei-obs-policy.json",
    };
    const text = JSON.stringify(tf.resource.huaweicloud_identity_role) + JSON.stringify(tf.locals);
    const actions: string[] = [];
    for (const file of Object.values(files)) {
      expect(text).toContain(`/../../policies/iam/${file}`);
      const policy = JSON.parse(readFileSync(`policies/iam/${file}`, "utf8"));
      expect(policy.Version).toBe("1.1");
      actions.push(...policy.Statement.flatMap((s: Json) => s.Action));
    }
    expect(actions.sort()).toEqual(
      [
        "dms:instance:get",
        "dms:instance:list",
        "dms:user:get",
        "dms:user:list",
        "obs:bucket:ListBucket",
        "obs:object:GetObject",
        "obs:object:GetObject",
        "functiongraph:function:invokeAsync",
        "obs:object:PutObject",
        "smn:topic:publish",
      ].sort(),
    );
    expect(resource("huaweicloud_identity_role", "reports").type).toBe("AX");
  });
});
