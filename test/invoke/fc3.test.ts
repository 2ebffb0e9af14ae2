// The FC 3.0 invoker over real HTTP against the stand-in: ACS3 signatures it accepts and that are
// byte-identical to the Alibaba SDK core's for the same request, the 202 and its request id, FC's
// errors as InvokeError, bounded retries on 429/5xx, timeouts, and no secret in anything it throws.
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { buildInvokeRequest, createFc3Invoker, parseFcError } from "../../shared/invoke/fc3.ts";
import { encodeWorkerPayload } from "../../shared/invoke/payload.ts";
import type { FcInvokerOptions, WorkerInvoker } from "../../shared/invoke/types.ts";
import {
  ACCOUNT,
  CANARY_SECRET,
  CANARY_TOKEN,
  everythingSaidBy,
  FC2_WORKER,
  fcOptions,
  invocations,
  invokeFailure,
  KEY,
  PAYLOAD,
  REGION,
  STS_KEY,
  type Stand,
  sdkInvoke,
  startStand,
  WORKER,
} from "./helpers.ts";

const require = createRequire(import.meta.url);
const _core = require("@alicloud/openapi-core");
const _dara = require("@darabonba/typescript");

let stand: Stand | undefined;
let invoker: WorkerInvoker | undefined;
afterEach(async () => {
  await invoker?.close();
  await stand?.api.close();
  stand = undefined;
  invoker = undefined;
});

const options = (over: Partial<FcInvokerOptions> = {}) => fcOptions(WORKER, stand, over);

function open(over: Partial<FcInvokerOptions> = {}, delays: number[] = []) {
  invoker = createFc3Invoker(options(over), {
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 1,
  });
  return invoker;
}

describe("createFc3Invoker", () => {
  it("is accepted with 202 and the hook gets exactly the encoded payload", async () => {
    stand = await startStand();
    const result = await open({ qualifier: "LATEST" }).invoke(PAYLOAD);
    const [inv] = await invocations(stand.api, 1);
    expect(result.requestId).toBe(inv?.requestId);
    expect(inv).toMatchObject({ api: "fc3", functionName: WORKER, qualifier: "LATEST" });
    expect(inv?.payload.toString("utf8")).toBe(encodeWorkerPayload(PAYLOAD));
    expect(inv?.headers).toMatchObject({
      "x-fc-invocation-type": "Async",
      "content-type": "application/octet-stream",
      "x-acs-action": "InvokeFunction",
      "x-acs-version": "2023-03-30",
    });
    expect(invoker?.platform).toBe("fc3");
  });

  it("signs STS credentials with their token, and names with `$` percent-encoded", async () => {
    stand = await startStand();
    const credentials = {
      accessKeyId: STS_KEY.id,
      accessKeySecret: STS_KEY.secret,
      securityToken: CANARY_TOKEN,
    };
    await open({ functionName: FC2_WORKER, credentials }).invoke(PAYLOAD);
    const [inv] = await invocations(stand.api, 1);
    expect(inv?.functionName).toBe(FC2_WORKER);
    expect(stand.api.requests[0]?.path).toBe(
      "/2023-03-30/functions/rmq-drift%24worker/invocations",
    );
    expect(inv?.headers["x-acs-security-token"]).toBe(CANARY_TOKEN);
  });

  it("signs byte-identically to the Alibaba SDK core for the same request", async () => {
    stand = await startStand();
    const body = encodeWorkerPayload(PAYLOAD);
    const cases: Array<{
      key: { id: string; secret: string; securityToken?: string };
      functionName: string;
      qualifier?: string;
    }> = [
      { key: KEY, functionName: WORKER, qualifier: "LATEST" },
      { key: STS_KEY, functionName: FC2_WORKER, qualifier: undefined },
    ];
    for (const [i, c] of cases.entries()) {
      await sdkInvoke(c.key, stand?.api.port, c.functionName, Buffer.from(body), c.qualifier);
      const sent = stand.api.requests[i]?.headers as Record<string, string>;
      const ours = buildInvokeRequest(
        options({
          functionName: c.functionName,
          qualifier: c.qualifier,
          credentials: {
            accessKeyId: c.key.id,
            accessKeySecret: c.key.secret,
            securityToken: c.key.securityToken,
          },
        }),
        body,
        {
          clock: () => new Date(sent["x-acs-date"] as string),
          nonce: () => sent["x-acs-signature-nonce"] as string,
        },
      );
      expect(ours.headers.authorization).toBe(sent.authorization);
      expect(ours.url.pathname + ours.url.search).toBe(
        `/2023-03-30/functions/${encodeURIComponent(c.functionName)}/invocations${c.qualifier ? `?qualifier=${c.qualifier}` : ""}`,
      );
    }
    expect(await invocations(stand.api, 2)).toHaveLength(2);
  });

  it("maps FC's refusals to InvokeError with status, code and request id", async () => {
    stand = await startStand();
    const err = await invokeFailure(open({ functionName: "nope" }).invoke(PAYLOAD));
    expect(err.details).toEqual({
      platform: "fc3",
      functionName: "nope",
      httpStatus: 404,
      code: "FunctionNotFound",
      requestId: expect.stringMatching(/^1-/),
    });
    expect(err.message).toContain("function 'nope' does not exist");
    expect(err.message).toContain(`request id ${err.details.requestId}`);
  });

  it("never shows the secret or the token: wrong secret, wrong token, stand-in log", async () => {
    stand = await startStand();
    const wrongSecret = await invokeFailure(
      open({
        credentials: { accessKeyId: KEY.id, accessKeySecret: `${CANARY_SECRET}-typo` },
      }).invoke(PAYLOAD),
    );
    expect(wrongSecret.details).toMatchObject({ httpStatus: 403, code: "SignatureNotMatch" });
    await invoker?.close();
    const wrongToken = await invokeFailure(
      open({
        credentials: {
          accessKeyId: STS_KEY.id,
          accessKeySecret: STS_KEY.secret,
          securityToken: `${CANARY_TOKEN}-old`,
        },
      }).invoke(PAYLOAD),
    );
    expect(wrongToken.details.httpStatus).toBe(400);
    for (const text of [
      everythingSaidBy(wrongSecret),
      everythingSaidBy(wrongToken),
      stand.log.join("\n"),
    ]) {
      expect(text).not.toContain(CANARY_SECRET);
      expect(text).not.toContain(CANARY_TOKEN);
    }
  });

  it("blanks a secret that the server quotes back", async () => {
    const echo = `bad key ${CANARY_SECRET} with token ${CANARY_TOKEN}`;
    invoker = createFc3Invoker(
      options({
        endpoint: "http://127.0.0.1:9",
        credentials: {
          accessKeyId: STS_KEY.id,
          accessKeySecret: CANARY_SECRET,
          securityToken: CANARY_TOKEN,
        },
      }),
      {
        transport: {
          send: async () => ({
            status: 403,
            headers: { "x-fc-request-id": `1-${CANARY_SECRET}` },
            body: JSON.stringify({ Code: `AccessDenied ${CANARY_TOKEN}`, Message: echo }),
          }),
          close: async () => {},
        },
      },
    );
    const err = await invokeFailure(invoker.invoke(PAYLOAD));
    expect(err.message).toContain("bad key *** with token ***");
    expect(everythingSaidBy(err)).not.toMatch(new RegExp(`${CANARY_SECRET}|${CANARY_TOKEN}`));
  });

  it("retries 429 and 5xx a bounded number of times with growing backoff, then gives up", async () => {
    stand = await startStand({ faults: [{ kind: "throttle", times: 2 }] });
    const delays: number[] = [];
    const ok = await open({}, delays).invoke(PAYLOAD);
    expect(ok.requestId).toMatch(/^1-/);
    expect(stand.api.requests).toHaveLength(3);
    expect(delays).toEqual([200, 400]);
    stand.api.faults.add({ kind: "server-error" });
    const err = await invokeFailure(invoker!.invoke(PAYLOAD));
    expect(stand.api.requests).toHaveLength(3 + 4);
    // 500 InternalServerError and 503 ResourceThrottled alternate; the last answer is reported.
    expect(err.details).toMatchObject({ httpStatus: 503, code: "ResourceThrottled" });
  });

  it("does not retry a refusal that cannot change (403)", async () => {
    stand = await startStand();
    await invokeFailure(
      open({ credentials: { accessKeyId: KEY.id, accessKeySecret: "wrong" } }).invoke(PAYLOAD),
    );
    expect(stand.api.requests).toHaveLength(1);
  });

  it("times out after timeoutMs with code Timeout, without a second attempt", async () => {
    stand = await startStand({ faults: [{ kind: "timeout" }] });
    const started = Date.now();
    const err = await invokeFailure(open({ timeoutMs: 150 }).invoke(PAYLOAD));
    expect(err.details).toMatchObject({ code: "Timeout", httpStatus: null, requestId: null });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(stand.api.requests).toHaveLength(1);
  });

  it("reports a refused connection as NetworkError after its retries", async () => {
    stand = await startStand();
    const url = stand.api.url;
    await stand.api.close();
    stand = undefined;
    const delays: number[] = [];
    const err = await invokeFailure(open({ endpoint: url }, delays).invoke(PAYLOAD));
    expect(err.details).toMatchObject({ code: "NetworkError", httpStatus: null });
    expect(delays).toHaveLength(3);
  });

  it("addresses https://{account}.{region}.fc.aliyuncs.com unless an endpoint is given", () => {
    const req = buildInvokeRequest(options({ endpoint: undefined, qualifier: "prod" }), "{}");
    expect(req.url.href).toBe(
      `https://${ACCOUNT}.${REGION}.fc.aliyuncs.com/2023-03-30/functions/${WORKER}/invocations?qualifier=prod`,
    );
    expect(req.headers).not.toHaveProperty("x-acs-security-token");
    expect(req.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI5tFanOutKey,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
    );
  });

  it("reads FC's error bodies in each dialect", () => {
    expect(parseFcError('{"Code":"FunctionNotFound","Message":"m","RequestId":"1-a"}')).toEqual({
      code: "FunctionNotFound",
      message: "m",
      requestId: "1-a",
    });
    expect(parseFcError('{"ErrorCode":"AccessDenied","ErrorMessage":"m"}')).toMatchObject({
      code: "AccessDenied",
    });
    expect(parseFcError('{"errorCode":"InvalidArgument","errorMessage":"m"}')).toMatchObject({
      code: "InvalidArgument",
    });
    expect(parseFcError("<html>")).toEqual({});
  });
});
