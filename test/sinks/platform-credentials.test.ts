// Function Compute and FunctionGraph hand each invocation temporary keys with a security token; the
// same keys must reach OSS / OBS through their S3-compatible API. Here a full offline audit (baseline
// read from the bucket, report written to it) runs against s3rver behind a proxy that plays the
// store's signature check: it answers 403 SignatureDoesNotMatch unless the request was signed with
// the temporary secret, and records what every request carried.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, request } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { overridesFromFcContext } from "../../functions/fc-context.ts";
import { overridesFromFgContext } from "../../functions/fg-context.ts";
import { createApp } from "../../shared/audit/app.ts";
import { loadConfig } from "../../shared/config/config.ts";
import { silentLogger } from "../../shared/log/logger.ts";
import { parseAuthorization, verifySigV4 } from "./sigv4-check.ts";

const BUCKET = "acme-rmq-drift";
const STS = {
  id: "STS.NTkqV8fGmExample",
  secret: "sts-secret-CANARY-5e1f",
  token: "CAIS-token-CANARY-91ab",
};
const SNAPSHOT = new URL("../audit/fixtures/demo-snapshot.json", import.meta.url).pathname;
const s3rverAccount = createRequire(import.meta.url)("s3rver/lib/models/account.js") as {
  DUMMY_ACCOUNT: {
    createKeyPair(id: string, secret: string): void;
    revokeAccessKey(id: string): void;
  };
};

let dir: string;
let server: S3rver;
let proxy: { endpoint: string; seen: IncomingHttpHeaders[]; close(): Promise<void> };

const SECRETS: Record<string, string> = { [STS.id]: STS.secret, S3RVER: "S3RVER" };

/** Checks each request's SigV4 signature, keeps its headers, and forwards it to s3rver untouched. */
async function recordingProxy(upstream: string) {
  const target = new URL(upstream);
  const seen: IncomingHttpHeaders[] = [];
  const srv = createServer((req, res) => {
    seen.push(req.headers);
    const keyId = parseAuthorization(req.headers.authorization)?.accessKeyId ?? "";
    const secret = SECRETS[keyId];
    if (!secret || !verifySigV4(req.method ?? "", req.url ?? "", req.headers, secret)) {
      req.resume();
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
      return;
    }
    const opts = { host: target.hostname, port: target.port, method: req.method, path: req.url };
    const out = request({ ...opts, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      srv.closeAllConnections();
      srv.close(() => resolve());
    });
  return { endpoint, seen, close };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-sts-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  s3rverAccount.DUMMY_ACCOUNT.createKeyPair(STS.id, STS.secret);
  const admin = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const baseline = await readFile("policies/demo.yaml", "utf8");
  await admin.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: "config/baseline.yaml", Body: baseline }),
  );
  admin.destroy();
  proxy = await recordingProxy(`http://127.0.0.1:${port}`);
});
afterEach(() => {
  proxy.seen.length = 0;
  vi.unstubAllEnvs();
});
afterAll(async () => {
  s3rverAccount.DUMMY_ACCOUNT.revokeAccessKey(STS.id);
  await proxy.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  RMQ_DRIFT_BASELINE: `s3://${BUCKET}/config/baseline.yaml`,
  RMQ_DRIFT_REPORTS: `s3://${BUCKET}/drift`,
  RMQ_DRIFT_S3_ENDPOINT: proxy.endpoint,
  RMQ_DRIFT_S3_REGION: "cn-hangzhou",
  RMQ_DRIFT_S3_FORCE_PATH_STYLE: "true",
  ...extra,
});

function appWith(overrides: ReturnType<typeof overridesFromFcContext>, vars = env()) {
  return createApp({
    config: loadConfig(vars),
    ...overrides,
    logger: silentLogger,
    writeConsole: () => {},
  });
}

const fcContext = {
  requestId: "1-abc",
  credentials: { accessKeyId: STS.id, accessKeySecret: STS.secret, securityToken: STS.token },
};

/** The token travels in x-amz-security-token and is covered by the SigV4 signature. */
function expectSignedToken(headers: IncomingHttpHeaders, token: string) {
  expect(headers["x-amz-security-token"]).toBe(token);
  expect(String(headers.authorization)).toContain(`Credential=${STS.id}/`);
  expect(/SignedHeaders=([^,]+)/.exec(String(headers.authorization))?.[1]?.split(";")).toContain(
    "x-amz-security-token",
  );
}

describe("platform STS keys reach the S3-compatible store", () => {
  it("Function Compute: context.credentials read the baseline and write the report", async () => {
    const app = appWith(overridesFromFcContext(fcContext));
    const { report, reportUrl } = await app.run({ trigger: "scheduled", snapshotPath: SNAPSHOT });
    expect(reportUrl).toMatch(new RegExp(`^s3://${BUCKET}/drift/runs/.+/report\\.json$`));
    expect((await app.latestReport())?.runId).toBe(report.runId);
    expect(proxy.seen.length).toBeGreaterThan(3);
    for (const headers of proxy.seen) expectSignedToken(headers, STS.token);
  });

  it("FunctionGraph: the agency's keys from the context getters do the same", async () => {
    const app = appWith(
      overridesFromFgContext({
        getSecurityAccessKey: () => STS.id,
        getSecuritySecretKey: () => STS.secret,
        getSecurityToken: () => STS.token,
      }),
    );
    const { report } = await app.run({ trigger: "scheduled", snapshotPath: SNAPSHOT });
    expect((await app.report(report.runId))?.runId).toBe(report.runId);
    for (const headers of proxy.seen) expectSignedToken(headers, STS.token);
  });

  it("a wrong secret fails as a store error that names neither secret nor token", async () => {
    const wrong = { ...fcContext, credentials: { ...fcContext.credentials, accessKeySecret: "x" } };
    const app = appWith(overridesFromFcContext(wrong));
    const error = await app.run({ trigger: "scheduled", snapshotPath: SNAPSHOT }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toMatch(/SignatureDoesNotMatch|403/);
    for (const canary of [STS.secret, STS.token]) {
      expect(`${error.message} ${error.stack}`).not.toContain(canary);
    }
  });

  it("keys of the S3 client's own (AWS_ACCESS_KEY_ID) win over the platform's", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
    const app = appWith(overridesFromFcContext(fcContext), env({ AWS_ACCESS_KEY_ID: "S3RVER" }));
    expect(await app.latestReport()).not.toBeUndefined();
    expect(proxy.seen.length).toBeGreaterThan(0);
    for (const headers of proxy.seen) {
      expect(headers["x-amz-security-token"]).toBeUndefined();
      expect(String(headers.authorization)).toContain("Credential=S3RVER/");
    }
  });
});
