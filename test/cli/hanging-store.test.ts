// A report store that accepts connections and never answers (issue 15 item 2): the audit fails loudly
// within its deadlines (exit 1, the store named in the error), and the alert has still gone out.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Receiver, startReceiver } from "../sinks/alerts/receiver.ts";
import { type SilentServer, startSilentServer } from "../sinks/silent-server.ts";
import { cli } from "./helpers.ts";

let silent: SilentServer;
let receiver: Receiver;
beforeAll(async () => {
  // The S3 SDK reads its credentials from the process environment, not from the CLI's.
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKID");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3CRET");
  silent = await startSilentServer();
  receiver = await startReceiver(() => ({ status: 200 }));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await silent.close();
  await receiver.close();
});

describe("rmq-drift audit with a store that never answers", () => {
  it("exits 1 after the store's attempts, naming the store, with the alert sent", async () => {
    const started = Date.now();
    const run = await cli(
      [
        "audit",
        "--baseline",
        "policies/demo.yaml",
        "--snapshot",
        "test/audit/fixtures/demo-snapshot.json",
        "--out",
        "s3://reports/hung",
      ],
      {
        RMQ_DRIFT_S3_ENDPOINT: silent.endpoint,
        RMQ_DRIFT_S3_REGION: "us-east-1",
        RMQ_DRIFT_S3_FORCE_PATH_STYLE: "true",
        RMQ_DRIFT_STORE_TIMEOUT_MS: "150",
        RMQ_DRIFT_ALERTS: `webhook+${receiver.origin}/hook`,
        RMQ_DRIFT_ALERT_SECRET_1: "CANARY-HOOK-SECRET",
        RMQ_DRIFT_ALERT_MIN_SEVERITY: "low",
      },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /StoreError: could not read \S+ in s3:\/\/reports\/hung after 5 attempts: TimeoutError/,
    );
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body).runId).toMatch(/^\d{8}T\d{6}Z-/);
    expect(seconds).toBeLessThan(20);
  });
});
