// Hostile cloud-side names in chat alerts: every platform gets its own escaping, invisible characters
// become visible escapes, and every body stays within its platform's limit on the exact bytes sent.
import { describe, expect, it } from "vitest";
import type { AlertMessage } from "../../../shared/sinks/alerts/channel.ts";
import { DINGTALK_BODY_LIMIT, dingtalkBody } from "../../../shared/sinks/alerts/dingtalk.ts";
import { FEISHU_BODY_LIMIT, feishuBody } from "../../../shared/sinks/alerts/feishu.ts";
import { SLACK_SECTION_LIMIT, slackBody } from "../../../shared/sinks/alerts/slack.ts";
import { WECOM_CONTENT_LIMIT, wecomContent } from "../../../shared/sinks/alerts/wecom.ts";
import { sampleMessage } from "./alert-fixture.ts";

const HOSTILE =
  "evil\x1b[31m\n- **CRITICAL** fake\u202eatad\u200b[click](https://x.example)<at id=all></at>`";

function hostileMessage(): AlertMessage {
  const m = sampleMessage();
  m.findings[0]!.principal = HOSTILE;
  return m;
}

/** Which of `chars` still occur in `text` unescaped. */
const rawIn = (text: string, chars: string) => [...chars].filter((c) => text.includes(c));

/** The hostile part of its line (our own markup before it is allowed). */
const lineOf = (text: string) => {
  const line = text.split("\n").find((l) => l.includes("evil")) ?? "";
  return line.slice(line.indexOf("evil"));
};

describe("hostile names in chat alerts", () => {
  it("DingTalk: full-width look-alikes (its markdown has no escapes), one line, visible escapes", () => {
    const text = JSON.parse(dingtalkBody(hostileMessage())).actionCard.text as string;
    const line = lineOf(text);
    expect(line).toContain("evil\\u001B［31m\\n- ＊＊CRITICAL＊＊ fake\\u202Eatad\\u200B［click］");
    expect(line).toContain("＜at id=all＞＜/at＞｀");
    expect(rawIn(line, "\x1b\u202e\u200b<>`")).toEqual([]);
    expect(text).not.toContain("\\*");
  });

  it("WeCom: the same subset escaping", () => {
    const line = lineOf(wecomContent(hostileMessage()));
    expect(line).toContain("＊＊CRITICAL＊＊ fake\\u202E");
    expect(rawIn(line, "\x1b\u202e<>[]")).toEqual([]);
  });

  it("Feishu: numeric character references, so no tag, link or emphasis survives", () => {
    const card = JSON.parse(feishuBody(hostileMessage(), {})).card;
    const line = lineOf(card.elements[0].content);
    // The visible escapes' backslashes are references too (Feishu markdown reads `\` as an escape).
    expect(line).toContain(
      "evil&#92;u001B&#91;31m&#92;n- &#42;&#42;CRITICAL&#42;&#42; fake&#92;u202E",
    );
    expect(line).toContain("&#60;at id=all&#62;&#60;/at&#62;&#96;");
    expect(rawIn(line, "\x1b\u202e<>*[]")).toEqual([]);
  });

  it("Slack: &, <, > as entities (all Slack asks), invisible characters made visible", () => {
    const section = JSON.parse(slackBody(hostileMessage())).blocks[1].text.text as string;
    const line = lineOf(section);
    expect(line).toContain("evil\\u001B[31m\\n- **CRITICAL** fake\\u202Eatad\\u200B");
    expect(line).toContain("&lt;at id=all&gt;&lt;/at&gt;");
    expect(rawIn(line, "\x1b\u202e<>")).toEqual([]);
  });
});

describe("size limits on the exact bytes sent", () => {
  function huge(): AlertMessage {
    const m = sampleMessage();
    m.findings = Array.from({ length: 10 }, (_, i) => ({
      ...m.findings[0]!,
      id: `f${i}`,
      principal: `${"\u202e".repeat(250)}p${i}`, // 250 chars that each escape to 6
    }));
    m.alertingCount = 200;
    return m;
  }

  it("DingTalk and Feishu: the whole request body; WeCom: the content; Slack: the section", () => {
    const ding = dingtalkBody(huge());
    expect(Buffer.byteLength(ding, "utf8")).toBeLessThanOrEqual(DINGTALK_BODY_LIMIT);
    const signature = { timestamp: "1764000000", sign: "x".repeat(44) };
    const fei = feishuBody(huge(), signature);
    expect(Buffer.byteLength(fei, "utf8")).toBeLessThanOrEqual(FEISHU_BODY_LIMIT);
    const content = wecomContent(huge());
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(WECOM_CONTENT_LIMIT);
    const section = JSON.parse(slackBody(huge())).blocks[1].text.text as string;
    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
    for (const text of [JSON.parse(ding).actionCard.text, content, section]) {
      const shown = (text.match(/\\u202E/g) ?? []).length / 250;
      expect(text).toContain(`- … and ${200 - Math.round(shown)} more in the report`);
    }
  });

  it("sends everything when it fits", () => {
    const m = sampleMessage();
    m.alertingCount = m.findings.length;
    expect(wecomContent(m)).not.toContain("more in the report");
  });
});
