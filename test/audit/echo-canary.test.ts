// Issue 15 item 1: a cloud that echoes a secret back — the AccessKey secret, an STS or Huawei
// security token, the SK, or a password / secret key the client dropped earlier in the run — in an
// error's code, message, request id (body) or request-id header. Each field of each failing target
// carries every kind; none may reach report.json/md/html, snapshot.json, stdout, stderr (debug
// logs included), the webhook body or the POST /audit response.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeListener } from "../../functions/http.ts";
import { DEAD_HUAWEI_INSTANCE, demoEstate } from "../../sandbox/demo-estate.ts";
import type { EchoFields } from "../../sandbox/faults.ts";
import { type CloudSandbox, startCloudSandbox } from "../../sandbox/index.ts";
import { serveCommand } from "../../shared/cli/serve-command.ts";
import { cli } from "../cli/helpers.ts";
import { type Receiver, startReceiver } from "../sinks/alerts/receiver.ts";

const ALI = {
  id: "STS.EchoCanaryKey01",
  secret: "CANARY-ALI-AKSECRET-4d1f",
  token: "CANARY+ALI/STSTOKEN=9a",
};
const HW = {
  ak: "ECHOCANARYAK00000001",
  sk: "CANARY-HW-SK-CONF-7c2e",
  token: "CANARY-HW-TOKEN-1b5d",
};
// Derived, not embedded: a principal's name in a canary would match its ordinary mentions.
const tag = (name: string) => createHash("sha256").update(name).digest("hex").slice(0, 12);
const password = (user: string) => `CANARY-PW-${tag(user)}`;
const secretKey = (ak: string) => `CANARY-SECRETKEY-${tag(ak)}`;
const HTTP_TOKEN = "echo-canary-http-token";

/** Sequential targets in baseline order: payments and 1111… are read (and their secrets seen) first. */
const FIRST_ALI = "rmq-cn-demo-payments";
const FIRST_HW = "11111111-2222-3333-4444-555555555555";

function estate() {
  const e = demoEstate();
  e.alibaba.accessKeys.push({ id: ALI.id, secret: ALI.secret, securityToken: ALI.token });
  e.huawei.credentials.push({ ak: HW.ak, sk: HW.sk, securityToken: HW.token });
  for (const i of e.alibaba.instances)
    for (const a of i.accounts) a.password = password(a.username);
  for (const i of e.huawei.instances)
    for (const u of i.users) u.secret_key = secretKey(u.access_key);
  const seenAli = e.alibaba.instances.find((i) => i.instanceId === FIRST_ALI)?.accounts[0];
  const seenHw = e.huawei.instances.find((i) => i.instanceId === FIRST_HW)?.users[0];
  const aliKinds = [ALI.secret, ALI.token, password(seenAli?.username ?? ""), HW.sk, HW.token];
  const all = [...aliKinds, secretKey(seenHw?.access_key ?? "")].join(" ");
  const ali = aliKinds.join(" ");
  const echo = (instanceId: string, call: string, fields: EchoFields) => ({
    kind: "echo" as const,
    instanceId,
    call,
    echo: fields,
  });
  e.alibabaKnobs = {
    faults: [
      echo("rmq-cn-demo-logistics", "GetInstance", { code: ali, message: ali, requestId: ali }),
      echo("rmq-cn-demo-analytics", "GetInstance", {
        gateway: true,
        code: ali,
        message: ali,
        headerRequestId: ali,
      }),
    ],
  };
  e.huaweiKnobs = {
    faults: [
      echo("22222222-3333-4444-5555-666666666666", "ShowInstance", {
        code: all,
        message: all,
        requestId: all,
      }),
      echo(DEAD_HUAWEI_INSTANCE, "ShowInstance", { code: all, message: all, headerRequestId: all }),
    ],
  };
  return { estate: e, canaries: all.split(" ") };
}

/** Any 8-character window of a canary counts, so a truncated prefix is caught too. */
function leaks(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((c) => {
    for (let i = 0; i + 8 <= c.length; i++) if (text.includes(c.slice(i, i + 8))) return true;
    return false;
  });
}

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path, await readFile(path, "utf8"));
    }
  }
  return out;
}

let dir: string;
let sandbox: CloudSandbox;
let receiver: Receiver;
let canaries: string[];
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-echo-"));
  const built = estate();
  canaries = built.canaries;
  sandbox = await startCloudSandbox({ estate: built.estate });
  receiver = await startReceiver(() => ({ status: 200 }));
  env = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: ALI.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALI.secret,
    ALIBABA_CLOUD_SECURITY_TOKEN: ALI.token,
    HUAWEICLOUD_SDK_AK: HW.ak,
    HUAWEICLOUD_SDK_SK: HW.sk,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: HW.token,
    RMQ_DRIFT_ALIBABA_ENDPOINT: sandbox.url,
    RMQ_DRIFT_HUAWEI_ENDPOINT: sandbox.url,
    RMQ_DRIFT_ALIBABA_QPS: "500",
    RMQ_DRIFT_HUAWEI_QPS: "500",
    RMQ_DRIFT_CONCURRENCY: "1",
    RMQ_DRIFT_ALERTS: `webhook+${receiver.origin}/hook`,
    RMQ_DRIFT_ALERT_SECRET_1: "echo-canary-webhook-hmac",
    RMQ_DRIFT_ALERT_MIN_SEVERITY: "low",
    RMQ_DRIFT_LOG_LEVEL: "debug",
  };
});
afterAll(async () => {
  await receiver.close();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe("secrets echoed by a cloud in any field never leave the run", () => {
  it("audit CLI: stores, stdout, stderr and the webhook are clean", async () => {
    const out = join(dir, "cli");
    const run = await cli(
      ["audit", "--baseline", "policies/demo.yaml", "--out", out, "--principal", "*"],
      env,
    );
    expect(run.code).toBe(3);
    const files = await filesUnder(out);
    const names = [...files.keys()].map((k) => k.slice(k.lastIndexOf("/") + 1));
    for (const name of ["report.json", "report.md", "report.html", "snapshot.json"]) {
      expect(names).toContain(name);
    }
    // The failures are there, redacted, with the rest of their context.
    const report = [...files].find(([k]) => k.endsWith("report.json"))?.[1] ?? "";
    expect(report).toContain("<redacted>");
    expect(JSON.parse(report).summary.unreadable ?? 4).toBeGreaterThanOrEqual(4);
    expect(receiver.received.length).toBeGreaterThan(0);
    const everything = [
      ...files.values(),
      run.stdout,
      run.stderr,
      ...receiver.received.map((r) => r.body),
    ].join("\n");
    expect(run.stderr).toContain("<redacted>");
    expect(leaks(everything, canaries)).toEqual([]);
  });

  it("POST /audit: the response is clean", async () => {
    let stop = () => {};
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let stderr = "";
    let served: Promise<number> = Promise.resolve(0);
    const base = await new Promise<string>((resolve) => {
      served = serveCommand(
        ["--port", "0"],
        {
          stdout: () => {},
          stderr: (t) => {
            stderr += t;
          },
          isTTY: false,
          env: {
            ...env,
            RMQ_DRIFT_BASELINE: "policies/demo.yaml",
            RMQ_DRIFT_REPORTS: join(dir, "served"),
            RMQ_DRIFT_HTTP_TOKEN_SHA256: createHash("sha256").update(HTTP_TOKEN).digest("hex"),
          },
        },
        { createNodeListener, until, onListening: resolve },
      );
    });
    try {
      const res = await request(`${base}/audit`, {
        method: "POST",
        headers: { authorization: `Bearer ${HTTP_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ principals: ["*"] }),
      });
      const body = await res.body.text();
      expect(res.statusCode).toBe(200);
      expect(body).toContain("<redacted>");
      const files = await filesUnder(join(dir, "served"));
      expect(leaks([body, stderr, ...files.values()].join("\n"), canaries)).toEqual([]);
    } finally {
      stop();
      await served;
    }
  });
});
