// The FC 2.0 invoker: the real @alicloud/fc2 client, loaded on first use, against the stand-in's
// FC-signature check; names as `service/function` or `service$function`; the SDK's FC<Code>Error,
// timeouts and socket errors as InvokeError; bounded retries; and no secret in anything thrown.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../shared/errors.ts";
import { createFc2Invoker, parseFc2FunctionName } from "../../shared/invoke/fc2.ts";
import { encodeWorkerPayload } from "../../shared/invoke/payload.ts";
import type { FcInvokerOptions, WorkerInvoker } from "../../shared/invoke/types.ts";
import {
  CANARY_SECRET,
  CANARY_TOKEN,
  everythingSaidBy,
  FC2_WORKER,
  fcOptions,
  invocations,
  invokeFailure,
  KEY,
  noSleep,
  PAYLOAD,
  STS_KEY,
  type Stand,
  startStand,
} from "./helpers.ts";

let stand: Stand | undefined;
let invoker: WorkerInvoker | undefined;
afterEach(async () => {
  await invoker?.close();
  await stand?.api.close();
  stand = undefined;
  invoker = undefined;
});

const options = (over: Partial<FcInvokerOptions> = {}) =>
  fcOptions("rmq-drift/worker", stand, over);

function open(over: Partial<FcInvokerOptions> = {}) {
  invoker = createFc2Invoker(options(over), { sleep: noSleep });
  return invoker;
}

describe("parseFc2FunctionName", () => {
  it("takes service/function and service$function, and nothing else", () => {
    expect(parseFc2FunctionName("rmq-drift/worker")).toEqual({
      service: "rmq-drift",
      fn: "worker",
    });
    expect(parseFc2FunctionName("rmq-drift$worker")).toEqual({
      service: "rmq-drift",
      fn: "worker",
    });
    for (const bad of ["worker", "a/b/c", "a$b$c", "/worker", "svc/", "a b/c", ""]) {
      expect(() => parseFc2FunctionName(bad), bad).toThrow(ConfigError);
    }
    expect(() => createFc2Invoker(options({ functionName: "worker" }))).toThrow(
      /"service\/function" or "service\$function"/,
    );
  });
});

describe("createFc2Invoker", () => {
  it("loads the SDK on the first invoke only, once", async () => {
    stand = await startStand();
    const real = (await import("@alicloud/fc2")).default;
    const load = vi.fn(async () => real);
    invoker = createFc2Invoker(options(), { load });
    expect(load).not.toHaveBeenCalled();
    await invoker.invoke(PAYLOAD);
    await invoker.invoke(PAYLOAD);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("passes the stand-in's FC signature check; the hook gets exactly the encoded payload", async () => {
    stand = await startStand();
    const result = await open({ functionName: FC2_WORKER, qualifier: "LATEST" }).invoke(PAYLOAD);
    const [inv] = await invocations(stand.api, 1);
    expect(result.requestId).toBe(inv?.requestId);
    expect(inv).toMatchObject({ api: "fc2", functionName: FC2_WORKER, qualifier: "LATEST" });
    expect(inv?.payload.toString("utf8")).toBe(encodeWorkerPayload(PAYLOAD));
    expect(inv?.headers["x-fc-invocation-type"]).toBe("Async");
    expect(stand.api.requests[0]?.path).toBe(
      "/2016-08-15/services/rmq-drift.LATEST/functions/worker/invocations",
    );
  });

  it("sends the STS token", async () => {
    stand = await startStand();
    const credentials = {
      accessKeyId: STS_KEY.id,
      accessKeySecret: STS_KEY.secret,
      securityToken: CANARY_TOKEN,
    };
    await open({ credentials }).invoke(PAYLOAD);
    expect((await invocations(stand.api, 1))[0]?.headers["x-fc-security-token"]).toBe(CANARY_TOKEN);
  });

  it("maps a tampered secret to InvokeError 403 SignatureNotMatch, showing no secret", async () => {
    stand = await startStand();
    const tampered = { accessKeyId: KEY.id, accessKeySecret: `${CANARY_SECRET}!` };
    const err = await invokeFailure(open({ credentials: tampered }).invoke(PAYLOAD));
    expect(err.details).toEqual({
      platform: "fc2",
      functionName: "rmq-drift/worker",
      httpStatus: 403,
      code: "SignatureNotMatch",
      requestId: expect.stringMatching(/^1-/),
    });
    expect(err.message).toContain("The request signature we calculated does not match");
    expect(stand.api.invocations).toEqual([]);
    for (const text of [everythingSaidBy(err), stand.log.join("\n")]) {
      expect(text).not.toContain(CANARY_SECRET);
    }
  });

  it("maps an unknown function to 404 FunctionNotFound with its request id", async () => {
    stand = await startStand();
    const err = await invokeFailure(open({ functionName: "rmq-drift/nope" }).invoke(PAYLOAD));
    expect(err.details).toMatchObject({ httpStatus: 404, code: "FunctionNotFound" });
    expect(err.details.requestId).toMatch(/^1-[0-9a-f]{8}-/);
  });

  it("blanks a secret or token that the server or SDK quotes back", async () => {
    const load = async () =>
      class {
        async invokeFunction(): Promise<never> {
          const err = Object.assign(
            new Error(
              `POST /x failed with 403. requestid: 1-abc, message: key ${CANARY_SECRET} token ${CANARY_TOKEN}.`,
            ),
            { name: "FCAccessDeniedError", code: "AccessDenied" },
          );
          throw err;
        }
      } as unknown as typeof import("@alicloud/fc2");
    invoker = createFc2Invoker(
      options({
        credentials: {
          accessKeyId: "STS.x",
          accessKeySecret: CANARY_SECRET,
          securityToken: CANARY_TOKEN,
        },
      }),
      { load },
    );
    const err = await invokeFailure(invoker.invoke(PAYLOAD));
    expect(err.details).toMatchObject({
      httpStatus: 403,
      code: "AccessDenied",
      requestId: "1-abc",
    });
    expect(err.message).toContain("key *** token ***");
    expect(everythingSaidBy(err)).not.toMatch(new RegExp(`${CANARY_SECRET}|${CANARY_TOKEN}`));
  });

  it("retries throttling, then succeeds; gives up on a lasting 5xx after its retries", async () => {
    stand = await startStand({ faults: [{ kind: "throttle", times: 2 }] });
    await open().invoke(PAYLOAD);
    expect(stand.api.requests).toHaveLength(3);
    stand.api.faults.add({ kind: "server-error" });
    const err = await invokeFailure(invoker!.invoke(PAYLOAD));
    expect(stand.api.requests).toHaveLength(3 + 4);
    expect(err.details).toMatchObject({ httpStatus: 503, code: "ResourceThrottled" });
  });

  it("times out with code Timeout", async () => {
    stand = await startStand({ faults: [{ kind: "timeout" }] });
    const started = Date.now();
    const err = await invokeFailure(open({ timeoutMs: 150 }).invoke(PAYLOAD));
    expect(err.details).toMatchObject({ code: "Timeout", httpStatus: null });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(stand.api.requests).toHaveLength(1);
  });

  it("reports a refused connection as NetworkError", async () => {
    stand = await startStand();
    const url = stand.api.url;
    await stand.api.close();
    stand = undefined;
    const err = await invokeFailure(open({ endpoint: url }).invoke(PAYLOAD));
    expect(err.details).toMatchObject({ code: "NetworkError", httpStatus: null, requestId: null });
    expect(err.message).toContain("ECONNREFUSED");
  });

  it("stops waiting when the signal aborts", async () => {
    stand = await startStand({ faults: [{ kind: "timeout" }] });
    const controller = new AbortController();
    const pending = open({ timeoutMs: 5_000 }).invoke(PAYLOAD, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const err = await invokeFailure(pending);
    expect(err.details.code).toBe("Aborted");
  });
});
