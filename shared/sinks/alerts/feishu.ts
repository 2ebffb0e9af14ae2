// Feishu / Lark custom bot: POST an interactive card. Signing ("签名校验"), as Feishu documents it:
// timestamp = now in SECONDS, as a string; string to sign = `${timestamp}\n${secret}`;
// sign = base64(HMAC-SHA256(key = string to sign, message = empty)) — the key is the string, not the
// secret. Both go in the JSON body (`timestamp`, `sign`), not the URL; Feishu rejects a timestamp more
// than an hour off. It answers `{ code, msg }` (older deployments `{ StatusCode, StatusMessage }`).
import { createHmac } from "node:crypto";
import type { RunStatus } from "../../model/finding.ts";
import type { ChannelAdapter } from "./channel.ts";
import { fitLines, MARKDOWN, renderBody, utf8Bytes } from "./render.ts";
import { codeVerdict } from "./response.ts";

// 11232: frequency limited (over 100 a minute or 5 a second).
const THROTTLED = new Set([11232]);
// A card is limited to 30 KB of JSON; leave room for the envelope.
const CONTENT_LIMIT = 20_000;
const COLOUR: Record<RunStatus, string> = { drift: "red", incomplete: "orange", clean: "blue" };

export function feishuSign(timestampSeconds: string, secret: string): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

export const feishu: ChannelAdapter = {
  build(config, message, nowMs) {
    const content = fitLines(renderBody(message, MARKDOWN), CONTENT_LIMIT, utf8Bytes);
    const card = {
      config: { wide_screen_mode: true },
      header: {
        title: { tag: "plain_text", content: message.title },
        template: COLOUR[message.status],
      },
      elements: [{ tag: "markdown", content }],
    };
    const timestamp = String(Math.floor(nowMs / 1000));
    const signature =
      config.secret === null ? {} : { timestamp, sign: feishuSign(timestamp, config.secret) };
    return {
      method: "POST",
      url: config.url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ ...signature, msg_type: "interactive", card }),
    };
  },
  check: (res, nowMs) =>
    codeVerdict(
      res,
      nowMs,
      (j) => ({ code: j.code ?? j.StatusCode, message: j.msg ?? j.StatusMessage }),
      THROTTLED,
    ),
};
