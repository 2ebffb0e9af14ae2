// Each channel against a real local receiver that verifies the vendor's signature scheme as the vendor
// documents it (vendor-verify.ts, written independently of the code under test) and checks the payload.
import { afterEach, describe, expect, it } from "vitest";
import { deliverAlerts } from "../../../shared/sinks/alerts/deliver.ts";
import { channel, REPORT_URL, sampleMessage } from "./alert-fixture.ts";
import { closedPort, type Receiver, startReceiver } from "./receiver.ts";
import { dingtalkAccepts, feishuAccepts, json, webhookAccepts } from "./vendor-verify.ts";

const SECRET = "SEC0123456789abcdef-test-secret";
const NO_RETRY = { retries: 0, baseDelayMs: 1, maxDelayMs: 1 };
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("DingTalk robot", () => {
  it("signs the URL as documented and sends an actionCard whose button opens the report", async () => {
    receiver = await startReceiver((r) =>
      dingtalkAccepts(r, SECRET)
        ? { body: { errcode: 0, errmsg: "ok" } }
        : { body: { errcode: 310000, errmsg: "sign not match" } },
    );
    const url = `${receiver.origin}/robot/send?access_token=tok`;
    const [ok] = await deliverAlerts([channel("dingtalk", url, SECRET)], sampleMessage());
    expect(ok).toEqual({
      channel: `dingtalk@${new URL(url).host}`,
      ok: true,
      attempts: 1,
      status: 200,
      error: null,
    });
    const body = json(receiver.received[0]!);
    expect(body.msgtype).toBe("actionCard");
    const card = body.actionCard;
    expect(card.title).toBe(
      "rmq-drift INCOMPLETE: 2 new findings, 1 unreadable target, 1 expired waiver",
    );
    expect(card.singleTitle).toBe("Open the report");
    expect(card.singleURL).toBe(REPORT_URL);
    expect(card.text).toContain("**CRITICAL** alibaba/cn-hangzhou/rmq-cn-7e22ody0001 · app-orders");
    expect(card.text).toContain("DMS.00404022");
    expect(card.text).toContain("OPS-1234");
    expect(card.text).not.toContain(REPORT_URL);
  });

  it("falls back to markdown when the report has no link a phone can open", async () => {
    receiver = await startReceiver(() => ({ body: { errcode: 0, errmsg: "ok" } }));
    const message = { ...sampleMessage(), reportUrl: "s3://bucket/audits/runs/x/report.html" };
    const [ok] = await deliverAlerts(
      [channel("dingtalk", `${receiver.origin}/robot/send`)],
      message,
    );
    expect(ok).toMatchObject({ ok: true });
    const body = json(receiver.received[0]!);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.text.split("\n").at(-1)).toBe(
      "Report: s3://bucket/audits/runs/x/report.html",
    );
  });

  it("records a rejected signature as a failure, without retrying it", async () => {
    receiver = await startReceiver((r) =>
      dingtalkAccepts(r, SECRET)
        ? { body: { errcode: 0, errmsg: "ok" } }
        : { body: { errcode: 310000, errmsg: "sign not match" } },
    );
    const url = `${receiver.origin}/robot/send?access_token=tok`;
    const [d] = await deliverAlerts([channel("dingtalk", url, "wrong-secret")], sampleMessage(), {
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(d).toMatchObject({
      ok: false,
      attempts: 1,
      status: 200,
      error: "code 310000: sign not match",
    });
  });
});

describe("Feishu / Lark bot", () => {
  it("signs in the body as documented and sends an interactive card", async () => {
    receiver = await startReceiver((r) =>
      feishuAccepts(r, SECRET)
        ? { body: { code: 0, msg: "success", data: {} } }
        : { body: { code: 19021, msg: "sign match fail or timestamp is not within one hour" } },
    );
    const [ok] = await deliverAlerts(
      [channel("feishu", `${receiver.origin}/open-apis/bot/v2/hook/abc`, SECRET)],
      sampleMessage(),
    );
    expect(ok).toMatchObject({ ok: true, attempts: 1 });
    const body = json(receiver.received[0]!);
    expect(body.msg_type).toBe("interactive");
    expect(body.card.header.title).toEqual({
      tag: "plain_text",
      content: expect.stringContaining("INCOMPLETE"),
    });
    expect(body.card.header.template).toBe("orange");
    expect(body.card.elements[0].tag).toBe("markdown");
    expect(body.card.elements[0].content).toContain(
      "**HIGH** alibaba/cn-hangzhou/rmq-cn-7e22ody0001 · app&#95;billing",
    );
    expect(body.card.elements[1]).toEqual({
      tag: "action",
      actions: [
        {
          tag: "button",
          text: { tag: "plain_text", content: "Open the report" },
          type: "primary",
          url: REPORT_URL,
        },
      ],
    });
  });

  it("accepts the older { StatusCode: 0 } answer and reports { code != 0 } as a failure", async () => {
    receiver = await startReceiver((r) =>
      feishuAccepts(r, SECRET)
        ? { body: { StatusCode: 0, StatusMessage: "success" } }
        : { body: { code: 19021, msg: "sign match fail" } },
    );
    const url = `${receiver.origin}/hook/abc`;
    const results = await deliverAlerts(
      [channel("feishu", url, SECRET), channel("feishu", url, "other", 2)],
      sampleMessage(),
      { retry: NO_RETRY },
    );
    expect(results.map((r) => [r.ok, r.error])).toEqual([
      [true, null],
      [false, "code 19021: sign match fail"],
    ]);
  });
});

describe("Slack incoming webhook", () => {
  it("posts { text, blocks } with escaped mrkdwn", async () => {
    receiver = await startReceiver(() => ({
      headers: { "content-type": "text/plain" },
      body: "ok",
    }));
    const message = sampleMessage();
    message.findings[0]!.principal = "<!channel> & co";
    const [ok] = await deliverAlerts(
      [channel("slack", `${receiver.origin}/services/T0/B0/xyz`)],
      message,
    );
    expect(ok).toMatchObject({ ok: true, status: 200 });
    const body = json(receiver.received[0]!);
    expect(body.text).toContain("INCOMPLETE");
    expect(body.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: message.title },
    });
    expect(body.blocks[1].type).toBe("section");
    expect(body.blocks[1].text.type).toBe("mrkdwn");
    expect(body.blocks[1].text.text).toContain("*CRITICAL*");
    expect(body.blocks[1].text.text).toContain("&lt;!channel&gt; &amp; co");
    expect(body.blocks[2]).toEqual({
      type: "actions",
      elements: [
        { type: "button", text: { type: "plain_text", text: "Open the report" }, url: REPORT_URL },
      ],
    });
    expect(body.text).not.toContain("<!channel>");
  });
});

describe("WeCom robot", () => {
  it("sends markdown within 4096 UTF-8 bytes, summarising what was cut and keeping the link", async () => {
    receiver = await startReceiver(() => ({ body: { errcode: 0, errmsg: "ok" } }));
    const message = sampleMessage();
    message.findings = Array.from({ length: 10 }, (_, i) => ({
      ...message.findings[0]!,
      id: `f${i}`,
      message: "权限升级：所有地址均可访问".repeat(20),
    }));
    message.alertingCount = 200;
    const [ok] = await deliverAlerts(
      [channel("wecom", `${receiver.origin}/cgi-bin/webhook/send?key=k`)],
      message,
    );
    expect(ok).toMatchObject({ ok: true });
    const raw = receiver.received[0]!;
    const body = json(raw);
    expect(body.msgtype).toBe("markdown");
    const content: string = body.markdown.content;
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(4096);
    expect(content).not.toContain("\uFFFD");
    const shown = content.split("\n").filter((l) => l.startsWith("- **CRITICAL**")).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(10);
    expect(content).toContain(`- … and ${200 - shown} more in the report`);
    expect(content.split("\n").at(-1)).toBe(`Report: [open the report](${REPORT_URL})`);
  });
});

describe("generic webhook", () => {
  it("signs timestamp.body with HMAC-SHA256 in X-RMQ-Drift-Signature and posts the documented body", async () => {
    receiver = await startReceiver((r) =>
      webhookAccepts(r, SECRET) ? { status: 204, body: "" } : { status: 401 },
    );
    const [ok] = await deliverAlerts(
      [channel("webhook", `${receiver.origin}/hooks/drift`, SECRET)],
      sampleMessage(),
    );
    expect(ok).toMatchObject({ ok: true, status: 204 });
    const r = receiver.received[0]!;
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = json(r);
    expect(Object.keys(body)).toEqual([
      "schemaVersion",
      "runId",
      "status",
      "finishedAt",
      "summary",
      "minSeverity",
      "newFindings",
      "findings",
      "unreadable",
      "expiredWaivers",
      "reportUrl",
      "delayed",
    ]);
    expect(body).toMatchObject({
      schemaVersion: 1,
      runId: "20261125T030000Z-3f9a2c",
      status: "incomplete",
      reportUrl: REPORT_URL,
    });
    expect(body.findings.map((f: { id: string }) => f.id)).toEqual(["f-ip", "f2"]);
    expect(body.unreadable[0]).toMatchObject({
      target: "huawei/cn-north-4/2222",
      code: "DMS.00404022",
    });
  });

  it("a receiver with another key rejects it, and a 401 is not retried", async () => {
    receiver = await startReceiver((r) =>
      webhookAccepts(r, "other") ? { status: 204 } : { status: 401, body: "bad signature" },
    );
    const [d] = await deliverAlerts(
      [channel("webhook", `${receiver.origin}/h`, SECRET)],
      sampleMessage(),
      {
        retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 1 },
      },
    );
    expect(d).toMatchObject({
      ok: false,
      attempts: 1,
      status: 401,
      error: "HTTP 401: bad signature",
    });
  });
});

describe("unreachable channel", () => {
  it("records a connection failure with no status", async () => {
    const port = await closedPort();
    const [d] = await deliverAlerts(
      [channel("slack", `http://127.0.0.1:${port}/services/x`)],
      sampleMessage(),
      {
        retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      },
    );
    expect(d).toMatchObject({ ok: false, attempts: 2, status: null });
    expect(d?.error).toMatch(/connection to http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED/);
  });
});
