// Secret canary: a password planted in the stand-in must not appear in anything the provider
// returns, throws or logs — on the happy path, with a principal filter, under every fault kind,
// and on error paths (including a truncated body that still holds the password).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJsonLogger } from "../../../shared/log/logger.ts";
import { createAlibabaClient } from "../../../shared/providers/alibaba/client.ts";
import { buildSignedRequest } from "../../../shared/providers/alibaba/request.ts";
import {
  capturingLogger,
  collectorFor,
  dumpError,
  fakeSleep,
  INSTANCE,
  instanceSeed,
  KEY,
  type Stand,
  seedWith,
  startStandIn,
  target,
} from "./helpers.ts";

const CANARY = `CANARY-ALI-PW-${randomBytes(8).toString("hex")}`;
const LOCKED = "rmq-cn-locked";

const planted = (instanceId: string, accountStatus = "ENABLE") => {
  const base = instanceSeed({ instanceId });
  return {
    ...base,
    accounts: base.accounts.map((a) => ({ ...a, password: CANARY, accountStatus })),
  };
};

let stand: Stand;
const seen: string[] = [];
const lines: string[] = [];
const stderr: string[] = [];
const writeStderr = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  stand = await startStandIn(seedWith([planted(INSTANCE), planted(LOCKED, "LOCKED")]));
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    stderr.push(String(chunk));
    return writeStderr(chunk, ...rest);
  }) as typeof process.stderr.write;
});
afterAll(async () => {
  process.stderr.write = writeStderr;
  await stand.sandbox.close();
});

const baselineAccounts = {
  "app-orders": { acls: [{ resource: "Topic:orders", decision: "Allow" as const }] },
  ops: {},
  nobody: {},
};

async function record(run: () => Promise<unknown>): Promise<void> {
  try {
    seen.push(JSON.stringify(await run()));
  } catch (err) {
    seen.push(JSON.stringify(dumpError(err)));
  }
}

describe("the password never leaves the client", () => {
  it("the stand-in really sends it (the test would prove nothing otherwise)", async () => {
    const req = buildSignedRequest(
      {
        action: "GetInstanceAccount",
        origin: stand.url,
        segments: ["instances", INSTANCE, "account"],
        query: { username: "ops" },
      },
      { credentials: KEY },
    );
    const body = await (await fetch(req.url, { headers: req.headers })).text();
    expect(body).toContain(CANARY);
  });

  it("runs every path", async () => {
    const { sleep } = fakeSleep();
    const logger = capturingLogger(lines);
    const json = createJsonLogger({ level: "debug", write: (l) => lines.push(l) });
    const collector = collectorFor(stand.url, { sleep, logger, timeoutMs: 200 });
    const client = createAlibabaClient({
      credentials: KEY,
      qps: 1000,
      concurrency: 4,
      sleep,
      logger,
      timeoutMs: 200,
    });
    const scope = { origin: stand.url, instanceId: INSTANCE };
    const named = target(undefined, { accounts: baselineAccounts });
    const principals = { principals: ["*"], logger: json };

    await record(() => collector.collect(target(undefined), { logger: json }));
    await record(() => collector.collect(named, principals));
    await record(() => client.getInstanceAccount(scope, "app-orders"));
    await record(() => client.getInstanceAccount(scope, "nobody"));
    for (const kind of ["throttle", "server-error", "malformed", "timeout", "reset"] as const) {
      stand.route.faults.add({ kind, call: "GetInstanceAccount", times: 1, retryAfterMs: 0 });
      await record(() => collector.collect(named, principals));
      stand.route.faults.add({ kind, call: "GetInstanceAccount", times: 1, retryAfterMs: 0 });
      await record(() => client.getInstanceAccount(scope, "ops"));
    }
    stand.route.faults.add({ kind: "malformed", call: "GetInstanceAccount" });
    await record(() => client.getInstanceAccount(scope, "ops"));
    stand.route.faults.clear();
    // Unknown enum: validation fails on the very object that held the password.
    await record(() =>
      collector.collect(
        target(undefined, { instanceId: LOCKED, accounts: baselineAccounts }),
        principals,
      ),
    );
    await record(() => client.getInstanceAccount({ ...scope, instanceId: LOCKED }, "ops"));
    // Auth and lookup failures.
    const wrong = collectorFor(stand.url, {
      credentials: { ...KEY, accessKeySecret: "wrong" },
      logger,
    });
    await record(() => wrong.collect(named, principals));
    await record(() => client.getInstanceAccount({ ...scope, instanceId: "rmq-cn-none" }, "ops"));
    await Promise.all([collector.close(), client.close(), wrong.close()]);

    expect(seen.length).toBeGreaterThanOrEqual(18);
    expect(lines.length).toBeGreaterThan(10);
    expect(seen.some((s) => s.includes("MalformedResponse"))).toBe(true);
  });

  it("appears in no returned object, error (message, details, cause chain, stack), log line or stderr", () => {
    for (const text of [...seen, ...lines, ...stderr]) expect(text).not.toContain(CANARY);
    expect(seen.join("\n")).not.toContain("password");
  });
});
