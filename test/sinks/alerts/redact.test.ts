// Redaction before truncation: a receiver that echoes our URL in an error must not leak any part of
// the token, wherever the 200-character cut falls, nor through a fragment a vendor cut itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAlertChannels } from "../../../shared/config/alert-channels.ts";
import { createJsonLogger } from "../../../shared/log/logger.ts";
import { deliverAlerts } from "../../../shared/sinks/alerts/deliver.ts";
import { MAX_ERROR_CHARS, redact, redactAndClip } from "../../../shared/sinks/alerts/redact.ts";
import { sampleMessage } from "./alert-fixture.ts";
import { type Receiver, startReceiver } from "./receiver.ts";

// 64 hex, like a DingTalk access_token; the signing secret is planted the same way.
const TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const SECRET = "SECwebhookhmac-CANARY-0123456789";

/** Every 8-character window of `secret` found in `text`. */
function fragmentsIn(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const w = secret.slice(i, i + 8);
    if (text.toLowerCase().includes(w.toLowerCase())) found.push(w);
  }
  return found;
}

let receiver: Receiver;
let pad = 0;
beforeAll(async () => {
  // The reviewer's receiver: 403 quoting the request path, after `pad` characters of preamble.
  receiver = await startReceiver((r) => ({
    status: 403,
    body: `Forbidden ${"x".repeat(pad)} request ${r.url.pathname}${r.url.search} was rejected`,
  }));
});
afterAll(() => receiver.close());

describe("alert error redaction", () => {
  it("leaks no 8+ character fragment of a URL token wherever the cut falls", async () => {
    for (pad = 100; pad <= 220; pad += 3) {
      const spec = `webhook+${receiver.origin}/hooks/${TOKEN},dingtalk+${receiver.origin}/robot/send?access_token=${TOKEN}`;
      const channels = parseAlertChannels(spec, {
        RMQ_DRIFT_ALERT_SECRET_1: SECRET,
        RMQ_DRIFT_ALERT_SECRET_2: SECRET,
      });
      const lines: string[] = [];
      const logger = createJsonLogger({ level: "debug", write: (l) => lines.push(l) });
      const deliveries = await deliverAlerts(channels, sampleMessage(), {
        logger,
        sleep: async () => {},
        retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      });
      const record = JSON.stringify(deliveries);
      const errors = deliveries.map((d) => d.error ?? "").join("\n");
      for (const [where, text] of Object.entries({ record, errors, logs: lines.join("\n") })) {
        expect(fragmentsIn(text, TOKEN), `${where}, pad ${pad}`).toEqual([]);
        expect(fragmentsIn(text, SECRET), `${where}, pad ${pad}`).toEqual([]);
      }
      expect(deliveries.every((d) => !d.ok && d.status === 403)).toBe(true);
      expect(deliveries.every((d) => (d.error ?? "").length <= MAX_ERROR_CHARS)).toBe(true);
      expect(lines.filter((l) => l.includes("alert delivery failed"))).toHaveLength(2);
    }
  });

  it("blanks fragments a vendor cut, at either end and inside, in any case", () => {
    const [config] = parseAlertChannels(`webhook+https://hooks.example.com/hooks/${TOKEN}`, {
      RMQ_DRIFT_ALERT_SECRET_1: SECRET,
    });
    const cases = [
      `denied /hooks/${TOKEN.slice(0, 23)}`,
      `denied /hooks/${TOKEN.slice(0, 23)}…`,
      `${TOKEN.slice(40)} was rejected`,
      `token ${TOKEN.slice(10, 30)}... rejected`,
      `TOKEN ${TOKEN.slice(0, 30).toUpperCase()} rejected`,
      `bad signature key ${SECRET.slice(5, 20)}`,
    ];
    for (const text of cases) {
      const out = redact(text, config!);
      expect(fragmentsIn(out, TOKEN), out).toEqual([]);
      expect(fragmentsIn(out, SECRET), out).toEqual([]);
      expect(out).toContain("[redacted]");
    }
    // Shown as before: the host, short path words, and text that merely shares a few characters.
    expect(redact("POST https://hooks.example.com/hooks/ a1b2c3d gone", config!)).toBe(
      "POST https://hooks.example.com/hooks/ a1b2c3d gone",
    );
  });

  it("redacts the whole text before clipping it", () => {
    const [config] = parseAlertChannels(
      `slack+https://hooks.slack.com/services/T0/B0/${TOKEN}`,
      {},
    );
    for (let at = 150; at <= 210; at++) {
      const text = `${"y".repeat(at)} /services/T0/B0/${TOKEN} tail`;
      const out = redactAndClip(text, config!);
      expect(out.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
      expect(fragmentsIn(out, TOKEN), `at ${at}`).toEqual([]);
    }
  });
});
