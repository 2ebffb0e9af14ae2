// Generic JSON webhook, signed so the receiver can tell our calls from anyone else's.
//
//   POST <url>
//   Content-Type: application/json; charset=utf-8
//   X-RMQ-Drift-Timestamp: <unix seconds>
//   X-RMQ-Drift-Signature: sha256=<hex HMAC-SHA256(key = secret, message = `${timestamp}.${body}`)>
//
//   body: { schemaVersion: 1, runId, status, finishedAt, summary, minSeverity, newFindings,
//           findings (top, most severe first), unreadable, expiredWaivers, reportUrl,
//           delayed: null | { queuedAt, reason } (set when re-sent from the outbox by a later run) }
//
// To verify: recompute the HMAC over the timestamp header, a dot, and the raw body bytes exactly as
// received; compare in constant time; reject timestamps more than 5 minutes from your clock (replay).
// Each retry is signed afresh with a new timestamp. Any 2xx is success.
import { createHmac } from "node:crypto";
import type { AlertMessage, ChannelAdapter } from "./channel.ts";
import { httpVerdict } from "./response.ts";

export const WEBHOOK_SCHEMA_VERSION = 1;
export const TIMESTAMP_HEADER = "X-RMQ-Drift-Timestamp";
export const SIGNATURE_HEADER = "X-RMQ-Drift-Signature";

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

export function webhookBody(m: AlertMessage): string {
  return JSON.stringify({
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    runId: m.runId,
    status: m.status,
    finishedAt: m.finishedAt,
    summary: m.summary,
    minSeverity: m.minSeverity,
    newFindings: m.alertingCount,
    findings: m.findings,
    unreadable: m.unreadable,
    expiredWaivers: m.expiredWaivers,
    reportUrl: m.reportUrl,
    delayed: m.delayed ?? null,
  });
}

export const webhook: ChannelAdapter = {
  build(config, message, nowMs) {
    // parseAlertChannels refuses a webhook without a secret; this guards direct construction.
    if (config.secret === null) throw new Error("webhook channel has no signing secret");
    const body = webhookBody(message);
    const timestamp = String(Math.floor(nowMs / 1000));
    return {
      method: "POST",
      url: config.url,
      headers: {
        "content-type": "application/json; charset=utf-8",
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(config.secret, timestamp, body),
      },
      body,
    };
  },
  check: (res, nowMs) => httpVerdict(res, nowMs) ?? { ok: true },
};
