// Slack incoming webhook: POST `{ text, blocks }` — a header, one mrkdwn section and, with a report
// link, a button that opens it. The URL is the credential; Slack does not sign. Success is HTTP 200
// with body `ok`; errors are 4xx with a short code (`invalid_payload`, `no_service`); a rate limit is
// HTTP 429 with Retry-After (response.ts: try later).
import type { AlertMessage, ChannelAdapter } from "./channel.ts";
import { SLACK } from "./markup.ts";
import { charCount, fitRendering, openableUrl, renderBody, type Shown } from "./render.ts";
import { httpVerdict } from "./response.ts";

// A section block's text is limited to 3000 characters, a header's to 150.
export const SLACK_SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;

export function slackBody(message: AlertMessage): string {
  const button = openableUrl(message);
  const section = fitRendering(message, SLACK_SECTION_LIMIT, charCount, (shown: Shown) => {
    const body = renderBody(message, SLACK, shown);
    return (button ? body.slice(0, -2) : body).join("\n");
  });
  const title =
    message.title.length > HEADER_LIMIT ? `${message.title.slice(0, 149)}…` : message.title;
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: title } },
    { type: "section", text: { type: "mrkdwn", text: section } },
  ];
  if (button) {
    const text = { type: "plain_text", text: "Open the report" };
    blocks.push({ type: "actions", elements: [{ type: "button", text, url: button }] });
  }
  // `text` is what notifications and clients without blocks show.
  return JSON.stringify({ text: SLACK.escape(message.title), blocks });
}

export const slack: ChannelAdapter = {
  build(config, message) {
    return {
      method: "POST",
      url: config.url,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: slackBody(message),
    };
  },
  check: (res, nowMs) => httpVerdict(res, nowMs) ?? { ok: true },
};
