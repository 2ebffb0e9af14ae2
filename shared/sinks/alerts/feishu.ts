// Feishu / Lark custom bot: POST an interactive card (header, markdown, and a button that opens the
// report). Signing ("签名校验"), as Feishu documents it: timestamp = now in SECONDS, as a string;
// string to sign = `${timestamp}\n${secret}`; sign = base64(HMAC-SHA256(key = string to sign,
// message = empty)) — the key is the string, not the secret. Both go in the JSON body (`timestamp`,
// `sign`), not the URL; Feishu rejects a timestamp more than an hour off. It answers `{ code, msg }`
// (older deployments `{ StatusCode, StatusMessage }`).
import { createHmac } from "node:crypto";
import type { RunStatus } from "../../model/finding.ts";
import type { AlertMessage, ChannelAdapter } from "./channel.ts";
import { FEISHU } from "./markup.ts";
import { fitRendering, openableUrl, renderBody, type Shown, utf8Bytes } from "./render.ts";
import { codeVerdict } from "./response.ts";

// Feishu's frequency control ("频控策略"): a custom bot may send 100 messages a minute and 5 a
// second; over that it answers code 11232. Its API gateway's own limit is code 99991400 (HTTP 429 or,
// on older APIs, 400) with `x-ogw-ratelimit-reset` in seconds, which codeVerdict honours.
const THROTTLE = new Map([
  [11232, 60_000],
  [99991400, 60_000],
]);
// A custom bot's request body may be at most 20 KB; measured on the JSON we send, signature included.
export const FEISHU_BODY_LIMIT = 20 * 1024;
const COLOUR: Record<RunStatus, string> = { drift: "red", incomplete: "orange", clean: "blue" };

export function feishuSign(timestampSeconds: string, secret: string): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

export function feishuBody(message: AlertMessage, signature: object): string {
  const button = openableUrl(message);
  const render = (shown: Shown) => {
    const body = renderBody(message, FEISHU, shown);
    const elements: object[] = [
      { tag: "markdown", content: (button ? body.slice(0, -2) : body).join("\n") },
    ];
    if (button) {
      const text = { tag: "plain_text", content: "Open the report" };
      elements.push({
        tag: "action",
        actions: [{ tag: "button", text, type: "primary", url: button }],
      });
    }
    const card = {
      config: { wide_screen_mode: true },
      header: {
        title: { tag: "plain_text", content: message.title },
        template: COLOUR[message.status],
      },
      elements,
    };
    return JSON.stringify({ ...signature, msg_type: "interactive", card });
  };
  return fitRendering(message, FEISHU_BODY_LIMIT, utf8Bytes, render);
}

export const feishu: ChannelAdapter = {
  build(config, message, nowMs) {
    const timestamp = String(Math.floor(nowMs / 1000));
    const signature =
      config.secret === null ? {} : { timestamp, sign: feishuSign(timestamp, config.secret) };
    return {
      method: "POST",
      url: config.url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: feishuBody(message, signature),
    };
  },
  check: (res, nowMs) =>
    codeVerdict(res, nowMs, {
      read: (j) => ({ code: j.code ?? j.StatusCode, message: j.msg ?? j.StatusMessage }),
      throttle: THROTTLE,
    }),
};
