// Slack incoming webhook: POST `{ text, blocks }`. The URL is the credential; Slack does not sign.
// Success is HTTP 200 with body `ok`; errors are 4xx with a short code (`invalid_payload`,
// `no_service`), and rate limiting is 429 with Retry-After.
import type { ChannelAdapter } from "./channel.ts";
import { charCount, fitLines, renderBody, SLACK } from "./render.ts";
import { httpVerdict } from "./response.ts";

// A section block's text is limited to 3000 characters, a header's to 150.
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;

export const slack: ChannelAdapter = {
  build(config, message) {
    const body = fitLines(renderBody(message, SLACK), SECTION_LIMIT, charCount);
    const title =
      message.title.length > HEADER_LIMIT ? `${message.title.slice(0, 149)}…` : message.title;
    const payload = {
      text: `${SLACK.escape(message.title)}\n${body}`,
      blocks: [
        { type: "header", text: { type: "plain_text", text: title } },
        { type: "section", text: { type: "mrkdwn", text: body } },
      ],
    };
    return {
      method: "POST",
      url: config.url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(payload),
    };
  },
  check: (res, nowMs) => httpVerdict(res, nowMs) ?? { ok: true },
};
