// Receiver-side signature checks, written from the vendors' documentation (DingTalk "加签", Feishu
// "签名校验") and from our webhook spec — deliberately not importing the signing code under test.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Received } from "./receiver.ts";

/** Vendors reject timestamps more than an hour off. */
const fresh = (ms: number) => Math.abs(Date.now() - ms) < 60 * 60 * 1000;
// biome-ignore lint/suspicious/noExplicitAny: vendor payloads are inspected ad hoc; `expect` asserts their shape.
export const json = (r: Received) => JSON.parse(r.body) as Record<string, any>;

// DingTalk: sign = urlEncode(base64(HmacSHA256(key=secret, data=timestamp+"\n"+secret))), on the query.
export function dingtalkAccepts(r: Received, secret: string): boolean {
  const timestamp = r.url.searchParams.get("timestamp") ?? "";
  const sign = r.url.searchParams.get("sign") ?? "";
  const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
  const rawQuery = r.url.search;
  return (
    fresh(Number(timestamp)) &&
    sign === expected &&
    rawQuery.includes(`sign=${encodeURIComponent(expected)}`) &&
    Boolean(r.url.searchParams.get("access_token"))
  );
}

// Feishu: sign = base64(HmacSHA256(key=timestamp+"\n"+secret, data="")), timestamp in seconds, in the body.
export function feishuAccepts(r: Received, secret: string): boolean {
  const body = json(r);
  if (typeof body.timestamp !== "string") return false;
  const expected = createHmac("sha256", `${body.timestamp}\n${secret}`).update("").digest("base64");
  return fresh(Number(body.timestamp) * 1000) && body.sign === expected;
}

// Generic webhook: X-RMQ-Drift-Signature = "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)).
export function webhookAccepts(r: Received, secret: string): boolean {
  const timestamp = String(r.headers["x-rmq-drift-timestamp"] ?? "");
  const given = Buffer.from(String(r.headers["x-rmq-drift-signature"] ?? ""));
  const mac = createHmac("sha256", secret).update(`${timestamp}.${r.body}`).digest("hex");
  const expected = Buffer.from(`sha256=${mac}`);
  return (
    Math.abs(Date.now() / 1000 - Number(timestamp)) < 300 &&
    given.length === expected.length &&
    timingSafeEqual(given, expected)
  );
}
