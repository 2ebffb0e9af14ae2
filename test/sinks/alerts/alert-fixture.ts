// A ready alert message for channel and delivery tests.
import type {
  AlertChannelConfig,
  AlertChannelKind,
  AlertMessage,
} from "../../../shared/sinks/alerts/channel.ts";
import { decideAlert } from "../../../shared/sinks/alerts/decide.ts";
import { formatAlert } from "../../../shared/sinks/alerts/message.ts";
import { makeFinding, makeReport, makeTarget, makeWaiver } from "../../support/reports.ts";

export const REPORT_URL =
  "https://reports.example.com/runs/2026/11/25/20261125T030000Z-3f9a2c/report.html";

export function sampleMessage(): AlertMessage {
  const error = { code: "DMS.00404022", message: "instance does not exist", httpStatus: 404 };
  const report = makeReport({
    status: "incomplete",
    targets: [
      makeTarget(),
      makeTarget({ key: "huawei/cn-north-4/2222", status: "unreadable", error }),
    ],
    findings: [
      makeFinding(),
      makeFinding({
        id: "f2",
        principal: "app_billing",
        severity: "high",
        field: "actions",
        message: "gained Sub",
      }),
    ],
    expiredWaivers: [makeWaiver()],
  });
  const decision = decideAlert(report, null, "high");
  if (!decision) throw new Error("fixture should alert");
  return formatAlert(decision, { reportUrl: REPORT_URL });
}

export function channel(
  kind: AlertChannelKind,
  url: string,
  secret: string | null = null,
  index = 1,
): AlertChannelConfig {
  return { kind, url: new URL(url), secret, index };
}
