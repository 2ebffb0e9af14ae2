// DingTalk custom robot: POST `{ msgtype: "markdown", markdown: { title, text } }`.
// Signing ("加签"), as DingTalk documents it: timestamp = now in ms; string to sign =
// `${timestamp}\n${secret}`; sign = urlEncode(base64(HMAC-SHA256(key = secret, string to sign)));
// both appended to the webhook URL as `&timestamp=…&sign=…`. DingTalk rejects a timestamp more than an
// hour off, so every attempt signs afresh. It answers HTTP 200 with `{ errcode, errmsg }`; 0 is success.
import { createHmac } from "node:crypto";
import type { ChannelAdapter } from "./channel.ts";
import { fitLines, MARKDOWN, renderBody, utf8Bytes } from "./render.ts";
import { codeVerdict } from "./response.ts";

// 130101: sent too fast (over 20 a minute); 130102: too many in a period. Both pass with time.
const THROTTLED = new Set([130101, 130102]);
// Messages over ~20 KB are refused; stay well below.
const TEXT_LIMIT = 16_000;

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

export const dingtalk: ChannelAdapter = {
  build(config, message, nowMs) {
    const url = new URL(config.url);
    if (config.secret !== null) {
      url.searchParams.set("timestamp", String(nowMs));
      url.searchParams.set("sign", dingtalkSign(nowMs, config.secret));
    }
    const text = fitLines(
      [`### ${MARKDOWN.escape(message.title)}`, "", ...renderBody(message, MARKDOWN)],
      TEXT_LIMIT,
      utf8Bytes,
    );
    const payload = { msgtype: "markdown", markdown: { title: message.title, text } };
    return {
      method: "POST",
      url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(payload),
    };
  },
  check: (res, nowMs) =>
    codeVerdict(res, nowMs, (j) => ({ code: j.errcode, message: j.errmsg }), THROTTLED),
};
