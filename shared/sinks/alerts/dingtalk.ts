// DingTalk custom robot. With a report link a chat app can open, an `actionCard` whose button opens
// the report; otherwise a `markdown` message. Signing ("加签"), as DingTalk documents it: timestamp =
// now in ms; string to sign = `${timestamp}\n${secret}`; sign = urlEncode(base64(HMAC-SHA256(key =
// secret, string to sign))); both appended to the webhook URL as `&timestamp=…&sign=…`. DingTalk
// rejects a timestamp more than an hour off, so every attempt signs afresh. It answers HTTP 200 with
// `{ errcode, errmsg }`; 0 is success.
import { createHmac } from "node:crypto";
import type { AlertMessage, ChannelAdapter } from "./channel.ts";
import { DINGTALK } from "./markup.ts";
import { fitRendering, openableUrl, renderBody, type Shown, utf8Bytes } from "./render.ts";
import { codeVerdict } from "./response.ts";

// 130101: "send too fast, exceed 20 times per minute" — DingTalk then refuses the robot for 10
// minutes; 130102: too many messages in a longer period. Both pass with time: try later.
const TEN_MINUTES = 10 * 60_000;
const THROTTLE = new Map([
  [130101, TEN_MINUTES],
  [130102, TEN_MINUTES],
]);
// DingTalk refuses request bodies over 20,000 bytes; measured on the JSON we send.
export const DINGTALK_BODY_LIMIT = 20_000;

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

export function dingtalkBody(message: AlertMessage): string {
  const button = openableUrl(message);
  const render = (shown: Shown) => {
    const body = renderBody(message, DINGTALK, shown);
    // The button opens the report, so the text need not end with a link too.
    const lines = button ? body.slice(0, -2) : body;
    const text = [`### ${DINGTALK.escape(message.title)}`, "", ...lines].join("\n");
    const payload = button
      ? {
          msgtype: "actionCard",
          actionCard: {
            title: message.title,
            text,
            singleTitle: "Open the report",
            singleURL: button,
          },
        }
      : { msgtype: "markdown", markdown: { title: message.title, text } };
    return JSON.stringify(payload);
  };
  return fitRendering(message, DINGTALK_BODY_LIMIT, utf8Bytes, render);
}

export const dingtalk: ChannelAdapter = {
  build(config, message, nowMs) {
    const url = new URL(config.url);
    if (config.secret !== null) {
      url.searchParams.set("timestamp", String(nowMs));
      url.searchParams.set("sign", dingtalkSign(nowMs, config.secret));
    }
    return {
      method: "POST",
      url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: dingtalkBody(message),
    };
  },
  check: (res, nowMs) =>
    codeVerdict(res, nowMs, {
      read: (j) => ({ code: j.errcode, message: j.errmsg }),
      throttle: THROTTLE,
    }),
};
