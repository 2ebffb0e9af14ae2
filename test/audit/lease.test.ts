// One full audit at a time per report prefix (issue 15 item 3), over the real parts: the cloud
// stand-ins, s3rver, a signature-checking webhook receiver and the HTTP router.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoEstate } from "../../sandbox/demo-estate.ts";
import { createRouter } from "../../shared/http/router.ts";
import { auth, sha256, TOKEN } from "../http/helpers.ts";
import { createBucket, type Harness, S3_CREDENTIALS, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3_CREDENTIALS.secretAccessKey);
  // Nothing dead: an unreadable target alerts on every run, which would hide a duplicate.
  h = await startHarness({ ...demoEstate(), huaweiKnobs: {} });
});
afterAll(async () => {
  await h.close();
  vi.unstubAllEnvs();
});

const cloudRequests = () => h.sandbox.alibaba.requests.length + h.sandbox.huawei.requests.length;
const lease = { settleMs: 200, pollMs: 50 };

describe("the audit lease", () => {
  it("three simultaneous POST /audit: one runs and alerts, two get 409 with its run id", async () => {
    await createBucket(h, "lease-http");
    const app = h.app({
      bucket: "lease-http",
      env: { RMQ_DRIFT_HTTP_TOKEN_SHA256: sha256(TOKEN) },
      lease,
    });
    const router = createRouter(app);
    const alertsBefore = h.receiver.received.length;
    const requestsBefore = cloudRequests();
    const post = (i: number) =>
      router.handle({
        method: "POST",
        path: "/audit",
        headers: auth(),
        body: "{}",
        requestId: `r-${i}`,
      });
    const responses = await Promise.all([1, 2, 3].map(post));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const ran = JSON.parse(responses.find((r) => r.status === 200)!.body);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(JSON.parse(refused.body)).toEqual({
        error: "a full audit is already running on this report store",
        runId: ran.runId,
        expiresAt: expect.any(String),
      });
      expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    }
    expect(h.receiver.received.length - alertsBefore).toBe(1);
    const oneAudit = cloudRequests() - requestsBefore;

    // The next full audit, once the first is done, is not refused, and is quiet (nothing new).
    const after = await post(4);
    expect(after.status).toBe(200);
    expect(h.receiver.received.length - alertsBefore).toBe(1);
    expect(cloudRequests() - requestsBefore).toBeLessThanOrEqual(2 * oneAudit + 4);
  });

  it("a second CLI/scheduled full audit waits for the first, then sees its findings as persisting", async () => {
    await createBucket(h, "lease-wait");
    const app = h.app({ bucket: "lease-wait", lease });
    const alertsBefore = h.receiver.received.length;
    const [a, b] = await Promise.all([app.run({ trigger: "cli" }), app.runScheduled()]);
    const [first, second] = a.report.finishedAt <= b.report.finishedAt ? [a, b] : [b, a];
    expect(first.report.findings.every((f) => f.state === "new")).toBe(true);
    expect(second.report.findings.length).toBe(first.report.findings.length);
    expect(second.report.findings.every((f) => f.state === "persisting")).toBe(true);
    expect(h.receiver.received.length - alertsBefore).toBe(1);
    expect(h.logs.some((l) => l.includes("another full audit holds the lease; waiting"))).toBe(
      true,
    );
  });

  it("targeted and dry runs do not take the lease", async () => {
    await createBucket(h, "lease-targeted");
    const app = h.app({ bucket: "lease-targeted", lease });
    const results = await Promise.all([
      app.run({ trigger: "cli", targets: ["huawei/*"] }),
      app.run({ trigger: "cli", principals: ["app-*"] }),
      app.run({ trigger: "cli", dryRun: true }),
    ]);
    expect(results).toHaveLength(3);
    expect((await h.objects("lease-targeted")).has("audits/lease.json")).toBe(false);
  });
});
