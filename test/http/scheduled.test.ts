// Cron adapters: drift is a normal return, a storage failure propagates, FC role credentials reach the app.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AppOverrides } from "../../functions/fc-context.ts";
import {
  createFcTimerHandler,
  createScheduledHandler,
  type GetScheduledApp,
  type ScheduleEvent,
} from "../../functions/scheduled.ts";
import type { AuditOutcome } from "../../shared/audit/types.ts";
import { StoreError } from "../../shared/errors.ts";
import { createJsonLogger, silentLogger } from "../../shared/log/logger.ts";
import type { RunStatus } from "../../shared/model/finding.ts";
import { RUN_ID, sampleReport } from "../support/reports.ts";

const quiet = { logger: silentLogger };
const fixtureText = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const REPORT_URL = `s3://reports/rmq-drift/runs/2026/11/25/${RUN_ID}/report.json`;

function appReturning(status: RunStatus | Error) {
  const seen: (AppOverrides | undefined)[] = [];
  const getApp: GetScheduledApp = async (overrides) => {
    seen.push(overrides);
    return {
      async runScheduled(): Promise<AuditOutcome> {
        if (status instanceof Error) throw status;
        const report = { ...sampleReport(), trigger: "scheduled" as const, status };
        return { report, reportUrl: REPORT_URL, htmlUrl: null };
      },
    };
  };
  return { getApp, seen };
}

describe("Lambda schedule handler", () => {
  const event = JSON.parse(fixtureText("lambda-schedule.json")) as ScheduleEvent;

  it.each(["drift", "incomplete", "clean"] as const)(
    "returns a %s run normally",
    async (status) => {
      const { getApp } = appReturning(status);
      const result = await createScheduledHandler(getApp, quiet)(event);
      expect(result).toEqual({
        runId: RUN_ID,
        status,
        summary: sampleReport().summary,
        reportUrl: REPORT_URL,
        alertsPending: 0,
      });
    },
  );

  it("returns normally when alerts wait in the outbox, and logs an error line for the alarms", async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l) });
    const getApp: GetScheduledApp = async () => ({
      async runScheduled(): Promise<AuditOutcome> {
        const report = { ...sampleReport(), delivery: { alerts: [], pending: 2 } };
        return { report, reportUrl: REPORT_URL, htmlUrl: null };
      },
    });
    const result = await createScheduledHandler(getApp, { logger })(event);
    expect(result.alertsPending).toBe(2);
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === "error");
    expect(errors).toEqual([expect.objectContaining({ alertsPending: 2, runId: RUN_ID })]);
  });

  it("lets a failure to store the report propagate, so Lambda retries and alarms", async () => {
    const { getApp } = appReturning(new StoreError("PutObject failed after 3 attempts"));
    await expect(createScheduledHandler(getApp, quiet)(event)).rejects.toBeInstanceOf(StoreError);
  });

  it("propagates a failure to build the application", async () => {
    const handler = createScheduledHandler(() => Promise.reject(new Error("bad env")), quiet);
    await expect(handler(event)).rejects.toThrow("bad env");
  });
});

describe("FC timer handler", () => {
  const context = {
    requestId: "1-abc",
    credentials: { accessKeyId: "STS.id", accessKeySecret: "secret", securityToken: "token" },
  };

  it("passes the role's STS credentials from context.credentials", async () => {
    const { getApp, seen } = appReturning("drift");
    const result = await createFcTimerHandler(getApp, quiet)(
      Buffer.from(fixtureText("fc-timer.json")),
      context,
    );
    expect(result.status).toBe("drift");
    expect(seen).toEqual([
      {
        credentials: {
          alibaba: {
            accessKeyId: "STS.id",
            accessKeySecret: "secret",
            securityToken: "token",
          },
        },
        storeCredentials: {
          accessKeyId: "STS.id",
          secretAccessKey: "secret",
          sessionToken: "token",
        },
      },
    ]);
  });

  it("runs without role credentials and tolerates an odd event", async () => {
    const { getApp, seen } = appReturning("clean");
    const handler = createFcTimerHandler(getApp, quiet);
    expect((await handler(Buffer.from("not json"), { requestId: "x" })).status).toBe("clean");
    expect((await handler(undefined, { credentials: { accessKeyId: "only-id" } })).status).toBe(
      "clean",
    );
    expect(seen).toEqual([{}, {}]);
  });

  it("lets a StoreError propagate", async () => {
    const { getApp } = appReturning(new StoreError("OSS PutObject failed"));
    const handler = createFcTimerHandler(getApp, quiet);
    await expect(handler(Buffer.from(fixtureText("fc-timer.json")), context)).rejects.toThrow(
      StoreError,
    );
  });
});
