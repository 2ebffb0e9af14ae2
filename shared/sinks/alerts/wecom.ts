// WeCom (企业微信) group robot: POST `{ msgtype: "markdown", markdown: { content } }`, written in the
// markdown subset WeCom documents (headings, bold, links, quotes; no escapes, see markup.ts). The
// `key` in the URL is the credential; WeCom does not sign. `content` is limited to 4096 bytes of
// UTF-8, measured on the content itself. It answers `{ errcode, errmsg }`; 0 is success.
import type { AlertMessage, ChannelAdapter } from "./channel.ts";
import { WECOM } from "./markup.ts";
import { fitRendering, renderBody, type Shown, utf8Bytes } from "./render.ts";
import { codeVerdict } from "./response.ts";

export const WECOM_CONTENT_LIMIT = 4096;
// 45009: API call frequency over the limit (a robot may send 20 messages a minute): try later.
const THROTTLE = new Map([[45009, 60_000]]);

export function wecomContent(message: AlertMessage): string {
  return fitRendering(message, WECOM_CONTENT_LIMIT, utf8Bytes, (shown: Shown) =>
    [`### ${WECOM.escape(message.title)}`, ...renderBody(message, WECOM, shown)].join("\n"),
  );
}

export const wecom: ChannelAdapter = {
  build(config, message) {
    return {
      method: "POST",
      url: config.url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ msgtype: "markdown", markdown: { content: wecomContent(message) } }),
    };
  },
  check: (res, nowMs) =>
    codeVerdict(res, nowMs, {
      read: (j) => ({ code: j.errcode, message: j.errmsg }),
      throttle: THROTTLE,
    }),
};
