// Links that open: alerts point at the stored HTML report through a presigned URL (fetched here from
// s3rver without credentials) or an https URL base, and the HTTP interface serves the same page.
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../shared/audit/app.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import { json } from "../sinks/alerts/vendor-verify.ts";
import { createBucket, type Harness, S3_CREDENTIALS, startHarness } from "./harness.ts";

const at = (iso: string) => () => new Date(iso);

let h: Harness;
beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3_CREDENTIALS.secretAccessKey);
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  vi.unstubAllEnvs();
});

/** AWS SigV4 query-string signature of a presigned GET, computed from the spec (not the SDK). */
function sigV4QuerySignature(link: URL): string {
  const enc = (v: string) =>
    encodeURIComponent(v).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const params = [...link.searchParams].filter(([k]) => k !== "X-Amz-Signature");
  const query = params
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort()
    .join("&");
  const canonical = [
    "GET",
    link.pathname,
    query,
    `host:${link.host}`,
    "",
    "host",
    "UNSIGNED-PAYLOAD",
  ];
  const amzDate = link.searchParams.get("X-Amz-Date") ?? "";
  const scope = (link.searchParams.get("X-Amz-Credential") ?? "").split("/").slice(1).join("/");
  const hash = createHash("sha256").update(canonical.join("\n")).digest("hex");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, hash].join("\n");
  const [date = "", region = "", service = ""] = scope.split("/");
  let key: Buffer | string = `AWS4${S3_CREDENTIALS.secretAccessKey}`;
  for (const part of [date, region, service, "aws4_request"]) {
    key = createHmac("sha256", key).update(part).digest();
  }
  return createHmac("sha256", key).update(toSign).digest("hex");
}

const lastReportUrl = () => json(h.receiver.received.at(-1)!).reportUrl as string;

describe("report links", () => {
  it("a presigned link in the alert opens the HTML report from the store, without credentials", async () => {
    await createBucket(h, "presign");
    const app = h.app({
      bucket: "presign",
      clock: () => new Date(),
      env: { RMQ_DRIFT_PRESIGN_SECONDS: "600" },
    });
    const out = await app.run({ trigger: "scheduled" });
    const link = new URL(lastReportUrl());
    expect(link.pathname).toMatch(
      /^\/presign\/audits\/runs\/\d{4}\/\d{2}\/\d{2}\/.+\/report\.html$/,
    );
    expect(link.searchParams.get("X-Amz-Expires")).toBe("600");
    expect(link.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<!doctype html>");
    expect(page).toContain(out.report.runId);
    // The same page over the HTTP interface.
    expect(await app.reportHtml(out.report.runId)).toBe(page);
    expect(await app.reportHtml("20200101T000000Z-000000")).toBeNull();
    // s3rver does not check V4 signatures, so the signature is checked here against the SigV4 spec.
    expect(link.searchParams.get("X-Amz-Signature")).toBe(sigV4QuerySignature(link));
  });

  it("an https URL base links the report under the store's root", async () => {
    await createBucket(h, "based");
    const env = { RMQ_DRIFT_REPORT_URL_BASE: "https://reports.example.com/rmq/" };
    const out = await h
      .app({ bucket: "based", clock: at("2026-11-25T03:00:00Z"), env })
      .run({ trigger: "scheduled" });
    expect(lastReportUrl()).toBe(
      `https://reports.example.com/rmq/runs/2026/11/25/${out.report.runId}/report.html`,
    );
  });

  it("refuses settings that cannot produce a working link", () => {
    expect(() => loadConfig({ RMQ_DRIFT_PRESIGN_SECONDS: "604801" })).toThrow(
      /RMQ_DRIFT_PRESIGN_SECONDS: expected whole seconds from 1 to 604800/,
    );
    expect(() => loadConfig({ RMQ_DRIFT_REPORT_URL_BASE: "http://reports.example.com" })).toThrow(
      /RMQ_DRIFT_REPORT_URL_BASE: expected an https:\/\/ URL/,
    );
    const folder = loadConfig({ RMQ_DRIFT_PRESIGN_SECONDS: "60", RMQ_DRIFT_REPORTS: "./reports" });
    expect(() => createApp({ config: folder, logger: silentLogger })).toThrow(ConfigError);
    const both = loadConfig({
      RMQ_DRIFT_PRESIGN_SECONDS: "60",
      RMQ_DRIFT_REPORT_URL_BASE: "https://r.example.com",
      RMQ_DRIFT_REPORTS: "s3://b/p",
    });
    expect(() => createApp({ config: both, logger: silentLogger })).toThrow(/both set/);
  });
});
