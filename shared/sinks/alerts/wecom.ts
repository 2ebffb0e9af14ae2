// WeCom (企业微信) group robot: POST `{ msgtype: "markdown", markdown: { content } }`. The `key` in the
// URL is the credential; WeCom does not sign. `content` is limited to 4096 bytes of UTF-8, so the body
// is cut at line boundaries (never inside a character) and keeps the report line. It answers
// `{ errcode, errmsg }`; 0 is success.
import type { ChannelAdapter } from "./channel.ts";
import { fitLines, MARKDOWN, renderBody, utf8Bytes } from "./render.ts";
import { codeVerdict } from "./response.ts";

export const WECOM_CONTENT_LIMIT = 4096;
// 45009: API call frequency over the limit (20 a minute per robot).
const THROTTLED = new Set([45009]);

export const wecom: ChannelAdapter = {
  build(config, message) {
    const content = fitLines(
      [`### ${MARKDOWN.escape(message.title)}`, ...renderBody(message, MARKDOWN)],
      WECOM_CONTENT_LIMIT,
      utf8Bytes,
    );
    return {
      method: "POST",
      url: config.url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ msgtype: "markdown", markdown: { content } }),
    };
  },
  check: (res, nowMs) =>
    codeVerdict(res, nowMs, (j) => ({ code: j.errcode, message: j.errmsg }), THROTTLED),
};
