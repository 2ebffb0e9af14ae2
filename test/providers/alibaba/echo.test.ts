// Credential canary for server messages: a gateway that echoes the canonical request it computed
// (signed headers included, as Huawei's APIGW.0301 does) or quotes a secret verbatim must not get
// the STS token or AccessKey secret into an error, a snapshot or a log line, not even a prefix
// left behind by truncation. The AccessKey ID is not a secret and stays, to say which key failed.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAlibabaClient } from "../../../shared/providers/alibaba/client.ts";
import { capturingLogger, collectorFor, dumpError, INSTANCE, target } from "./helpers.ts";

const TOKEN = "CAISCANARYSTSTOKEN+0123456789/abcdef==";
const SECRET = "CANARY-AK-SECRET-0001";
const credentials = {
  accessKeyId: "STS.CanaryKeyId",
  accessKeySecret: SECRET,
  securityToken: TOKEN,
};

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running) await new Promise((resolve) => running.close(resolve));
});

/** Answers every request with the error body `body(req)` builds. */
async function echoServer(status: number, body: (req: IncomingMessage) => object) {
  server = createServer((req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body(req)));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function canonicalRequest(req: IncomingMessage): string {
  const headers = Object.keys(req.headers)
    .filter((h) => h.startsWith("x-acs-") || h === "host")
    .sort()
    .map((h) => `${h}:${String(req.headers[h])}`);
  return ["GET", req.url ?? "/", ...headers].join("\n");
}

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries({ TOKEN, SECRET })) {
    // Any 8-character window of the value counts, so a truncated prefix is caught too.
    for (let i = 0; i + 8 <= value.length; i++) {
      if (text.includes(value.slice(i, i + 8))) {
        found.push(name);
        break;
      }
    }
  }
  return found;
}

describe("credentials echoed by the server never reach an error, snapshot or log", () => {
  it("a gateway echoing the canonical request, x-acs-security-token included", async () => {
    const url = await echoServer(400, (req) => ({
      RequestId: "R1",
      Code: "SignatureDoesNotMatch",
      Message: `canonical request:\n${canonicalRequest(req)}`,
    }));
    const logger = capturingLogger();
    const collector = collectorFor(url, {
      credentials,
      logger,
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const result = await collector.collect(target(undefined));
    await collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "SignatureDoesNotMatch" },
    });
    const error = result.target.status === "error" ? result.target.error : undefined;
    expect(error?.message).toContain("x-acs-security-token:<redacted>");
    expect(error?.message).toContain("x-acs-accesskey-id:STS.CanaryKeyId");
    expect(leaks(JSON.stringify(result) + logger.lines.join("\n"))).toEqual([]);
  });

  it("secrets quoted across the truncation point, in a service (camelCase) envelope", async () => {
    // Message text is cut at 300 characters and the token starts 14 characters before the cut:
    // redacting after truncation would miss that prefix.
    const head = `secret ${SECRET} encoded ${encodeURIComponent(TOKEN)}`;
    const message = `${head} ${"x".repeat(278 - head.length)} token ${TOKEN}`;
    expect(message.indexOf(TOKEN)).toBe(286);
    const url = await echoServer(403, () => ({
      requestId: "R2",
      success: false,
      code: "Forbidden.RAM",
      message,
    }));
    const client = createAlibabaClient({ credentials, qps: 1000, concurrency: 1 });
    const err = await client
      .getInstance({ origin: url, instanceId: INSTANCE })
      .catch((e: unknown) => e);
    await client.close();
    expect(err).toMatchObject({ details: { code: "Forbidden.RAM", httpStatus: 403 } });
    expect(leaks(JSON.stringify(dumpError(err)))).toEqual([]);
  });
});
