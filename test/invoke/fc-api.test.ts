// The Function Compute stand-in judged by the official clients: @alicloud/fc2 (FC signature) and
// @alicloud/openapi-core (ACS3, FC 3.0 InvokeFunction) are accepted when they sign with the right
// secret and refused otherwise, in FC's error shapes; an accepted Async call is answered 202 before
// the hook sees exactly the bytes that were sent.
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { fc2ContentMd5, fc2StringToSign } from "../../sandbox/fc-auth.ts";
import { buildInvokeRequest } from "../../shared/invoke/fc3.ts";
import {
  ACCOUNT,
  CANARY_SECRET,
  CANARY_TOKEN,
  FC2_WORKER,
  invocations,
  KEY,
  REGION,
  STS_KEY,
  type Stand,
  sdkInvoke,
  startStand,
  WORKER,
} from "./helpers.ts";

const require = createRequire(import.meta.url);
const FCClient = require("@alicloud/fc2") as typeof import("@alicloud/fc2");
const _core = require("@alicloud/openapi-core");
const _dara = require("@darabonba/typescript");

let stand: Stand | undefined;
afterEach(async () => {
  await stand?.api.close();
  stand = undefined;
});

function fc2Client(key: { id: string; secret: string; securityToken?: string }, port: number) {
  return new FCClient(ACCOUNT, {
    accessKeyID: key.id,
    accessKeySecret: key.secret,
    securityToken: key.securityToken,
    region: REGION,
    endpoint: `http://127.0.0.1:${port}`,
    timeout: 5_000,
  });
}

const ASYNC = { "x-fc-invocation-type": "Async" };

async function rejection(work: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await work;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

describe("FC 2.0 API (2016-08-15) with the official @alicloud/fc2 client", () => {
  it("answers 202 first, then hands the hook exactly the bytes sent", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    stand = await startStand({ onInvoke: () => gate });
    const body = Buffer.from('{"shard":{"n":1}} ü', "utf8");
    // Would hang (and time out) if the stand-in waited for the hook before answering.
    const res = await fc2Client(KEY, stand.api.port).invokeFunction(
      "rmq-drift",
      "worker",
      body,
      ASYNC,
      "LATEST",
    );
    expect(res.headers["x-fc-request-id"]).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(stand.api.invocations).toEqual([]);
    open();
    const [inv] = await invocations(stand.api, 1);
    expect(inv).toMatchObject({ api: "fc2", functionName: FC2_WORKER, qualifier: "LATEST" });
    expect(inv?.payload.equals(body)).toBe(true);
    expect(inv?.requestId).toBe(res.headers["x-fc-request-id"]);
  });

  it("accepts STS keys with their token and refuses a wrong token", async () => {
    stand = await startStand();
    await fc2Client(STS_KEY, stand.api.port).invokeFunction("rmq-drift", "worker", "{}", ASYNC);
    const wrong = { ...STS_KEY, securityToken: "another-token" };
    const err = await rejection(
      fc2Client(wrong, stand.api.port).invokeFunction("rmq-drift", "worker", "{}", ASYNC),
    );
    expect(err.code).toBe("InvalidSecurityToken");
  });

  it("refuses a tampered secret with 403 SignatureNotMatch, and logs no secret", async () => {
    stand = await startStand();
    const tampered = { ...KEY, secret: `${CANARY_SECRET}x` };
    const err = await rejection(
      fc2Client(tampered, stand.api.port).invokeFunction("rmq-drift", "worker", "{}", ASYNC),
    );
    expect(err.name).toBe("FCSignatureNotMatchError");
    expect(err.message).toMatch(/failed with 403\. requestid: 1-/);
    expect(stand.api.invocations).toEqual([]);
    expect(stand.log.join("\n")).toContain("403 SignatureNotMatch");
    expect(stand.log.join("\n")).not.toContain(CANARY_SECRET);
  });

  it("refuses a Date more than 15 minutes off", async () => {
    stand = await startStand({ now: () => Date.now() + 16 * 60_000 });
    const err = await rejection(
      fc2Client(KEY, stand.api.port).invokeFunction("rmq-drift", "worker", "{}", ASYNC),
    );
    expect(err.code).toBe("RequestTimeTooSkewed");
  });

  it("tells an unknown service from an unknown function, and refuses oversized payloads", async () => {
    stand = await startStand();
    const client = fc2Client(KEY, stand.api.port);
    expect((await rejection(client.invokeFunction("nope", "worker", "{}", ASYNC))).code).toBe(
      "ServiceNotFound",
    );
    expect((await rejection(client.invokeFunction("rmq-drift", "nope", "{}", ASYNC))).code).toBe(
      "FunctionNotFound",
    );
    const big = "x".repeat(128 * 1024 + 1);
    expect((await rejection(client.invokeFunction("rmq-drift", "worker", big, ASYNC))).code).toBe(
      "EntityTooLarge",
    );
  });

  it("composes the string to sign as the SDK does (content-md5 of the hex digest)", () => {
    const body = Buffer.from("{}");
    const headers = { "x-fc-account-id": ACCOUNT, "X-Fc-Invocation-Type": "Async", date: "d" };
    const sdk = require("@alicloud/fc2/lib/helper.js").composeStringToSign(
      "POST",
      "/2016-08-15/services/s/functions/f/invocations",
      {
        ...headers,
        "content-md5": fc2ContentMd5(body),
        "content-type": "application/octet-stream",
      },
      null,
    );
    const ours = fc2StringToSign({
      method: "POST",
      contentMd5: fc2ContentMd5(body),
      contentType: "application/octet-stream",
      date: "d",
      headers,
      path: "/2016-08-15/services/s/functions/f/invocations",
    });
    expect(ours).toBe(sdk);
    // base64 of the 32-character hex string, not of the 16-byte digest.
    expect(Buffer.from(fc2ContentMd5(body), "base64").toString()).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("FC 3.0 InvokeFunction (2023-03-30) with the official SDK core", () => {
  it("accepts AK and STS signatures and answers 202 with x-fc-request-id", async () => {
    stand = await startStand();
    const body = Buffer.from('{"a":1}');
    const res = await sdkInvoke(KEY, stand.api.port, WORKER, body, "LATEST");
    expect(res.statusCode).toBe(202);
    await sdkInvoke(STS_KEY, stand.api.port, FC2_WORKER, body);
    const [first, second] = await invocations(stand.api, 2);
    expect(first).toMatchObject({ api: "fc3", functionName: WORKER, qualifier: "LATEST" });
    expect(first?.requestId).toBe((res.headers as Record<string, string>)["x-fc-request-id"]);
    expect(first?.payload.equals(body)).toBe(true);
    expect(second).toMatchObject({ functionName: FC2_WORKER, qualifier: null });
  });

  it("refuses a tampered secret or token, in FC 3.0's {Code, Message, RequestId}", async () => {
    stand = await startStand();
    const bad = await rejection(
      sdkInvoke({ ...KEY, secret: "wrong" }, stand.api.port, WORKER, Buffer.from("{}")),
    );
    expect(bad).toMatchObject({ code: "SignatureNotMatch", statusCode: 403 });
    expect((bad as { requestId?: string }).requestId).toMatch(/^1-/);
    const token = await rejection(
      sdkInvoke({ ...STS_KEY, securityToken: "other" }, stand.api.port, WORKER, Buffer.from("{}")),
    );
    expect(token).toMatchObject({ code: "InvalidSecurityToken.MismatchWithAccessKey" });
    const missing = await rejection(sdkInvoke(KEY, stand.api.port, "nope", Buffer.from("{}")));
    expect(missing).toMatchObject({ code: "FunctionNotFound", statusCode: 404 });
    expect(stand.log.join("\n")).not.toMatch(new RegExp(`${CANARY_SECRET}|${CANARY_TOKEN}`));
  });

  it("checks the body against its signed hash, and refuses a replayed nonce", async () => {
    stand = await startStand();
    const options = {
      functionName: WORKER,
      accountId: ACCOUNT,
      region: REGION,
      credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret },
      endpoint: stand.api.url,
      timeoutMs: 2_000,
    };
    const signed = buildInvokeRequest(options, '{"n":1}');
    const post = (body: string) =>
      fetch(signed.url, { method: "POST", headers: signed.headers, body });
    const swapped = await post('{"n":2}');
    expect(swapped.status).toBe(403);
    expect(await swapped.json()).toMatchObject({ Code: "SignatureNotMatch" });
    expect((await post('{"n":1}')).status).toBe(202);
    const replay = await post('{"n":1}');
    expect(await replay.json()).toMatchObject({ Code: "SignatureNonceUsed" });
  });
});
