// The FunctionGraph adapters, fed events in the documented shapes (fixtures/fg-*.json): the APIG
// trigger (every status the router can answer, in the response shape APIG requires) and the timer
// trigger, with the agency's temporary keys taken from the context getters.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AppOverrides } from "../../functions/fc-context.ts";
import type { FgContext } from "../../functions/fg-context.ts";
import { createFunctionGraphHandler, type FgApigEvent, type GetApp } from "../../functions/http.ts";
import { createFgTimerHandler, type GetScheduledApp } from "../../functions/scheduled.ts";
import { StoreError } from "../../shared/errors.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import type { RunStatus } from "../../shared/model/finding.ts";
import { RUN_ID, sampleReport } from "../support/reports.ts";
import { type FakeApp, fakeApp } from "./helpers.ts";

const quiet = { logger: silentLogger };
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const apig = () => fixture<FgApigEvent>("fg-apig.json");

/** A FunctionGraph Node.js context: methods, not fields (the agency's keys only with an agency). */
function fgContext(agency = true): FgContext {
  return {
    getRequestID: () => "fg-req-7d1c",
    getSecurityAccessKey: () => (agency ? "HST3TEMPAK" : ""),
    getSecuritySecretKey: () => (agency ? "temp-sk-CANARY" : ""),
    getSecurityToken: () => (agency ? "gQpzZWN1cml0eV90b2tlbg" : ""),
  };
}
const AGENCY: AppOverrides = {
  credentials: {
    huawei: { ak: "HST3TEMPAK", sk: "temp-sk-CANARY", securityToken: "gQpzZWN1cml0eV90b2tlbg" },
  },
  storeCredentials: {
    accessKeyId: "HST3TEMPAK",
    secretAccessKey: "temp-sk-CANARY",
    sessionToken: "gQpzZWN1cml0eV90b2tlbg",
  },
};

function recording(app: FakeApp) {
  const seen: (AppOverrides | undefined)[] = [];
  const getApp: GetApp = async (overrides) => {
    seen.push(overrides);
    return app;
  };
  return { handler: createFunctionGraphHandler(getApp, quiet), seen };
}

function expectApigShape(result: Record<string, unknown>) {
  expect(Object.keys(result).sort()).toEqual(["body", "headers", "isBase64Encoded", "statusCode"]);
  expect(result.isBase64Encoded).toBe(false);
  expect(typeof result.body).toBe("string");
}

describe("FunctionGraph APIG adapter", () => {
  it("decodes the base64 body, runs the audit and passes the agency's keys", async () => {
    const app = fakeApp();
    const { handler, seen } = recording(app);
    const result = await handler(apig(), fgContext());
    expectApigShape({ ...result });
    expect(result.statusCode).toBe(200);
    expect(result.headers["x-request-id"]).toBe("11cdcdcf33949dc6d722640a13091c77");
    expect(app.calls).toEqual([
      { trigger: "http", targets: ["huawei/cn-north-4/*"], dryRun: true },
    ]);
    expect(JSON.parse(result.body).runId).toBe(RUN_ID);
    expect(seen).toEqual([AGENCY]);
  });

  it("serves GET routes with a plain body and no agency", async () => {
    const { handler, seen } = recording(fakeApp());
    const event = { ...apig(), httpMethod: "GET", path: `/reports/${RUN_ID}`, body: "" };
    event.isBase64Encoded = false;
    const res = await handler(event, fgContext(false));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).runId).toBe(RUN_ID);
    expect(seen).toEqual([{}]);
  });

  it.each([
    ["no token", { authorization: undefined }, "POST", "/audit", 401],
    ["a wrong token", { authorization: "Bearer nope" }, "POST", "/audit", 401],
    ["an unknown path", {}, "GET", "/nowhere", 404],
    ["a wrong method", {}, "DELETE", "/audit", 405],
    ["an unknown run", {}, "GET", "/reports/20990101T000000Z-000000", 404],
  ])("answers %s with %s", async (_name, headers, method, path, status) => {
    const { handler } = recording(fakeApp());
    const event = {
      ...apig(),
      httpMethod: method,
      path,
      headers: { ...apig().headers, ...headers },
    };
    const res = await handler(event, fgContext());
    expectApigShape({ ...res });
    expect(res.statusCode).toBe(status);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("answers 400 to a bad body and 413 to an oversized one", async () => {
    const { handler } = recording(fakeApp());
    const bad = { ...apig(), body: Buffer.from('{"dryRun":"yes"}').toString("base64") };
    expect((await handler(bad, fgContext())).statusCode).toBe(400);
    const big = Buffer.from(`{"targets":["${"x".repeat(70_000)}"]}`).toString("base64");
    expect((await handler({ ...apig(), body: big }, fgContext())).statusCode).toBe(413);
  });

  it("answers 500 with only a request id when the application cannot be built", async () => {
    const handler = createFunctionGraphHandler(
      () => Promise.reject(new Error("invalid environment: HUAWEICLOUD_SDK_SK=temp-sk-CANARY")),
      quiet,
    );
    const res = await handler(apig(), fgContext());
    expectApigShape({ ...res });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("CANARY");
    expect(res.body).toContain("11cdcdcf33949dc6d722640a13091c77");
  });

  it("answers 400, with the context's request id, to an event that is not from APIG", async () => {
    const { handler, seen } = recording(fakeApp());
    for (const raw of [fixture("fg-timer.json"), "not json", null]) {
      const res = await handler(raw, fgContext());
      expectApigShape({ ...res });
      expect(res.statusCode).toBe(400);
      expect(res.headers["x-request-id"]).toBe("fg-req-7d1c");
    }
    expect(seen).toEqual([]);
  });
});

function scheduledApp(status: RunStatus | Error) {
  const seen: (AppOverrides | undefined)[] = [];
  const getApp: GetScheduledApp = async (overrides) => {
    seen.push(overrides);
    return {
      async runScheduled() {
        if (status instanceof Error) throw status;
        const report = { ...sampleReport(), trigger: "scheduled" as const, status };
        return { report, reportUrl: "s3://reports/x/report.json", htmlUrl: null };
      },
    };
  };
  return { handler: createFgTimerHandler(getApp, quiet), seen };
}

describe("FunctionGraph timer adapter", () => {
  it.each(["drift", "incomplete", "clean"] as const)("returns a %s run", async (status) => {
    const { handler, seen } = scheduledApp(status);
    const result = await handler(fixture("fg-timer.json"), fgContext());
    expect(result).toEqual({
      runId: RUN_ID,
      status,
      summary: sampleReport().summary,
      reportUrl: "s3://reports/x/report.json",
      alertsPending: 0,
    });
    expect(seen).toEqual([AGENCY]);
  });

  it("runs without an agency, with getters that throw, and with an odd event", async () => {
    const { handler, seen } = scheduledApp("clean");
    const throwing: FgContext = {
      getSecurityAccessKey: () => {
        throw new Error("no agency");
      },
      getSecuritySecretKey: () => "sk",
    };
    expect((await handler("not json", fgContext(false))).status).toBe("clean");
    expect((await handler(undefined, throwing)).status).toBe("clean");
    expect((await handler(fixture("fg-timer.json"), undefined)).status).toBe("clean");
    expect(seen).toEqual([{}, {}, {}]);
  });

  it("lets a StoreError propagate, so FunctionGraph records a failed invocation", async () => {
    const { handler } = scheduledApp(new StoreError("OBS PutObject failed"));
    await expect(handler(fixture("fg-timer.json"), fgContext())).rejects.toThrow(StoreError);
  });
});
