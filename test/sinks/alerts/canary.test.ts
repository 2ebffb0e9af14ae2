// Secrets planted in the environment and tokens planted in webhook URLs must appear in no alert body,
// header, delivery record, log line, error, or stored object — even when receivers echo the URL back.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAlertChannels } from "../../../shared/config/alert-channels.ts";
import { createJsonLogger } from "../../../shared/log/logger.ts";
import { decideAlert } from "../../../shared/sinks/alerts/decide.ts";
import { deliverAlerts } from "../../../shared/sinks/alerts/deliver.ts";
import { consoleAlert, formatAlert } from "../../../shared/sinks/alerts/message.ts";
import { openReportStore } from "../../../shared/sinks/store.ts";
import { storeRun } from "../../../shared/sinks/store-run.ts";
import { artifactsOf, makeReport } from "../../support/reports.ts";
import { type Receiver, startReceiver } from "./receiver.ts";

const CANARY = /CANARY-[A-Z]+-[A-Z]+-[A-Za-z0-9]+/;
let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-canary-"));
  // A hostile receiver: every answer is a failure that quotes the full request URL back.
  receiver = await startReceiver((r) => {
    const echo = `rejected ${r.url.pathname}${r.url.search}`;
    if (r.url.pathname.startsWith("/robot")) return { body: { errcode: 300001, errmsg: echo } };
    return { status: 500, body: echo };
  });
});
afterAll(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

describe("secret canaries", () => {
  it("appear in no message, request body or header, delivery record, log line or stored object", async () => {
    const o = receiver.origin;
    const spec = [
      `slack+${o}/services/T0/B0/CANARY-URL-TOKEN-slack1`,
      `dingtalk+${o}/robot/send?access_token=CANARY-URL-TOKEN-ding1`,
      `feishu+${o}/open-apis/bot/v2/hook/CANARY-URL-TOKEN-feishu1`,
      `wecom+${o}/cgi-bin/webhook/send?key=CANARY-URL-TOKEN-wecom1`,
      `webhook+${o}/hooks/drift?token=CANARY-URL-TOKEN-hook1`,
    ].join(",");
    const env = {
      RMQ_DRIFT_ALERT_SECRET_2: "CANARY-ALERT-SECRET-ding2",
      RMQ_DRIFT_ALERT_SECRET_FEISHU: "CANARY-ALERT-SECRET-feishu3",
      RMQ_DRIFT_ALERT_SECRET_5: "CANARY-ALERT-SECRET-hook5",
      RMQ_DRIFT_ALERT_SECRET_SLACK: "CANARY-ALERT-SECRET-slack1",
    };
    const channels = parseAlertChannels(spec, env);
    const report = makeReport();
    const message = formatAlert(decideAlert(report, null, "low")!, {
      reportUrl: "s3://bucket/p/report.json",
    });
    const lines: string[] = [];
    const logger = createJsonLogger({ level: "debug", write: (l) => lines.push(l) });
    const deliveries = await deliverAlerts(channels, message, {
      logger,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(deliveries.every((d) => !d.ok)).toBe(true);
    expect(deliveries.map((d) => d.error).join("\n")).toContain("[redacted]");

    const stored = openReportStore(dir);
    await storeRun(stored, artifactsOf({ ...report, delivery: { alerts: deliveries } }));
    const files = await readdir(dir, { recursive: true, withFileTypes: true });
    const storedText = await Promise.all(
      files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), "utf8")),
    );

    const outbound = receiver.received.flatMap((r) => [r.body, JSON.stringify(r.headers)]);
    // DingTalk's error code is final; the four others are retried once.
    expect(receiver.received).toHaveLength(9);
    const haystacks = {
      message: consoleAlert(message),
      outbound: outbound.join("\n"),
      deliveries: JSON.stringify(deliveries),
      logs: lines.join("\n"),
      stored: storedText.join("\n"),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text, where).not.toMatch(CANARY);
    }
    expect(lines.some((l) => l.includes('"level":"error"'))).toBe(true);
  });

  it("appear in no configuration error", () => {
    const specs = [
      "webhook+https://hooks.example.com/x?token=CANARY-URL-TOKEN-cfg1",
      "nope+https://hooks.example.com/CANARY-URL-TOKEN-cfg2",
      "slack+gopher://CANARY-URL-TOKEN-cfg3/x",
    ];
    for (const spec of specs) {
      expect(() =>
        parseAlertChannels(spec, { RMQ_DRIFT_ALERT_SECRET_2: "CANARY-ALERT-SECRET-x" }),
      ).toThrow();
      try {
        parseAlertChannels(spec, {});
      } catch (e) {
        expect(String(e)).not.toMatch(CANARY);
      }
    }
  });
});
