// The Lambda and FC adapters, fed events in the shapes the platforms send (fixtures/).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AppOverrides } from "../../functions/fc-context.ts";
import {
  createFcHandler,
  createLambdaHandler,
  type FcHttpEvent,
  type GetApp,
  type LambdaHttpEvent,
} from "../../functions/http.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import { type FakeApp, fakeApp } from "./helpers.ts";

const quiet = { logger: silentLogger };

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

function recordingGetApp(app: FakeApp) {
  const seen: (AppOverrides | undefined)[] = [];
  const getApp: GetApp = async (overrides) => {
    seen.push(overrides);
    return app;
  };
  return { getApp, seen };
}

describe("Lambda httpApi (payload v2) adapter", () => {
  const lambdaEvent = () => fixture<LambdaHttpEvent>("lambda-httpapi-v2.json");

  it("decodes a base64 body and answers in the httpApi result shape", async () => {
    const app = fakeApp();
    const result = await createLambdaHandler(async () => app, quiet)(lambdaEvent());
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.headers["x-request-id"]).toBe("JKJaXmPLvHcESHA=");
    expect(result.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(app.calls).toEqual([
      { trigger: "http", targets: ["alibaba/cn-hangzhou/*"], dryRun: true },
    ]);
    expect(JSON.parse(result.body).runId).toBe("20261125T030000Z-3f9a2c");
  });

  it("passes a plain-text body and the method through", async () => {
    const event = lambdaEvent();
    event.body = '{"principals":["app-*"]}';
    event.isBase64Encoded = false;
    const app = fakeApp();
    expect((await createLambdaHandler(async () => app, quiet)(event)).statusCode).toBe(200);
    expect(app.calls[0]?.principals).toEqual(["app-*"]);

    const get = lambdaEvent();
    get.requestContext.http.method = "GET";
    get.rawPath = "/healthz";
    delete get.body;
    const res = await createLambdaHandler(async () => app, quiet)(get);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  });

  it("refuses a request without a token", async () => {
    const event = lambdaEvent();
    delete event.headers?.authorization;
    const res = await createLambdaHandler(async () => fakeApp(), quiet)(event);
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
  });

  it("turns a failure to build the application into a bare 500", async () => {
    const canary = "CANARY-config-password=hunter2";
    const handler = createLambdaHandler(() => Promise.reject(new Error(canary)), quiet);
    const res = await handler(lambdaEvent());
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({
      error: "internal error",
      requestId: "JKJaXmPLvHcESHA=",
    });
    expect(res.body).not.toContain("CANARY");
  });
});

describe("Alibaba FC 3.0 HTTP trigger adapter", () => {
  const fcEvent = () => fixture<FcHttpEvent>("fc-http-trigger.json");
  const buffer = (event: FcHttpEvent) => Buffer.from(JSON.stringify(event));
  const context = {
    requestId: "1-6744e7b0-15c2a8e1-0a1b2c3d4e5f",
    credentials: { accessKeyId: "STS.key", accessKeySecret: "sts-secret", securityToken: "tok" },
  };

  it("parses the Buffer event, lower-cases headers, and passes the role's credentials", async () => {
    const { getApp, seen } = recordingGetApp(fakeApp());
    const result = await createFcHandler(getApp, quiet)(buffer(fcEvent()), context);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.headers["x-request-id"]).toBe("1-6744e7b0-15c2a8e1-0a1b2c3d4e5f");
    expect(seen).toEqual([
      {
        credentials: {
          alibaba: {
            accessKeyId: "STS.key",
            accessKeySecret: "sts-secret",
            securityToken: "tok",
          },
        },
      },
    ]);
  });

  it("works without role credentials and with a string event", async () => {
    const { getApp, seen } = recordingGetApp(fakeApp());
    const event = fcEvent();
    event.requestContext.http.method = "GET";
    event.rawPath = "/reports/latest";
    event.body = "";
    event.isBase64Encoded = false;
    const res = await createFcHandler(getApp, quiet)(JSON.stringify(event), { requestId: "r" });
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([{}]);
  });

  it("answers 400 to an event that is not an HTTP trigger event", async () => {
    const { getApp, seen } = recordingGetApp(fakeApp());
    for (const raw of [Buffer.from("not json"), Buffer.from('{"triggerName":"x"}')]) {
      const res = await createFcHandler(getApp, quiet)(raw, context);
      expect(res.statusCode).toBe(400);
      expect(res.headers["x-request-id"]).toBe(context.requestId);
    }
    expect(seen).toEqual([]);
  });

  it("answers 413 for an oversized base64 body", async () => {
    const event = fcEvent();
    event.body = Buffer.from(`{"targets":["${"x".repeat(70_000)}"]}`).toString("base64");
    const res = await createFcHandler(async () => fakeApp(), quiet)(buffer(event), context);
    expect(res.statusCode).toBe(413);
  });
});
