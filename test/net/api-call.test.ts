import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/errors.ts";
import { createApiExecutor } from "../../shared/net/api-call.ts";
import { createRequestBudget } from "../../shared/net/limit.ts";
import { createHttpTransport, type HttpResponse } from "../../shared/net/transport.ts";

let server: Server;
let base: string;
const sockets = new Set<unknown>();
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/hang") return; // never answers: the client's timeout must fire
    if (req.url === "/flaky" && hits % 2 === 1) {
      res.writeHead(503).end("{}");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  server.on("connection", (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function parseOk(res: HttpResponse) {
  if (res.status >= 500) {
    throw new ProviderError("server error", {
      provider: "alibaba",
      call: "Test",
      httpStatus: res.status,
      code: "ServiceUnavailable",
      requestId: null,
      retryable: true,
    });
  }
  return JSON.parse(res.body) as { ok: boolean };
}

function executor(timeoutMs = 2_000) {
  const transport = createHttpTransport({ connections: 2 });
  const budget = createRequestBudget({ qps: 1_000, concurrency: 2 });
  const exec = createApiExecutor({
    provider: "alibaba",
    transport,
    budget,
    timeoutMs,
    sleep: async () => {},
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { exec, transport };
}

describe("api executor over a real socket", () => {
  it("reuses keep-alive connections across many calls", async () => {
    const { exec, transport } = executor();
    sockets.clear();
    for (let i = 0; i < 20; i++) {
      const out = await exec.execute({
        call: "Test",
        build: () => ({ method: "GET", url: new URL(`${base}/ok`), headers: {} }),
        parse: parseOk,
      });
      expect(out.ok).toBe(true);
    }
    expect(sockets.size).toBeLessThanOrEqual(2);
    await transport.close();
  });

  it("retries a 5xx and counts every request sent", async () => {
    const { exec, transport } = executor();
    hits = 0;
    let sent = 0;
    const out = await exec.execute(
      {
        call: "Test",
        build: () => ({ method: "GET", url: new URL(`${base}/flaky`), headers: {} }),
        parse: parseOk,
      },
      { onRequest: () => sent++ },
    );
    expect(out.ok).toBe(true);
    expect(sent).toBe(2);
    await transport.close();
  });

  it("turns a hung server into a retryable Timeout ProviderError, then gives up", async () => {
    const { exec, transport } = executor(150);
    let sent = 0;
    const err = await exec
      .execute(
        {
          call: "Hang",
          build: () => ({ method: "GET", url: new URL(`${base}/hang`), headers: {} }),
          parse: parseOk,
        },
        { onRequest: () => sent++, target: "alibaba/cn-hangzhou/rmq-1" },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    const details = (err as ProviderError).details;
    expect(details).toMatchObject({
      code: "Timeout",
      httpStatus: null,
      call: "Hang",
      retryable: true,
    });
    expect(details.target).toBe("alibaba/cn-hangzhou/rmq-1");
    expect(sent).toBe(3);
    await transport.close();
  });

  it("does not count a request refused while being built, and names its target", async () => {
    const { exec, transport } = executor();
    let sent = 0;
    const refused = new ProviderError("unsafe path segment", {
      provider: "huawei",
      call: "ShowUser",
      httpStatus: null,
      code: "InvalidPathSegment",
      requestId: null,
      retryable: false,
    });
    const err = await exec
      .execute(
        {
          call: "ShowUser",
          build: () => {
            throw refused;
          },
          parse: parseOk,
        },
        { onRequest: () => sent++, target: "huawei/cn-north-4/i" },
      )
      .catch((e: unknown) => e);
    expect(err).toBe(refused);
    expect(refused.details.target).toBe("huawei/cn-north-4/i");
    expect(sent).toBe(0);
    await transport.close();
  });

  it("maps a refused connection to NetworkError", async () => {
    const { exec, transport } = executor();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await exec
      .execute({
        call: "Refused",
        build: () => ({ method: "GET", url: new URL(`http://127.0.0.1:${port}/`), headers: {} }),
        parse: parseOk,
      })
      .catch((e: unknown) => e);
    expect((err as ProviderError).details.code).toBe("NetworkError");
    expect((err as ProviderError).message).toContain("ECONNREFUSED");
    await transport.close();
  });
});
