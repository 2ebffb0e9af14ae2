// `rmq-drift serve`: the node:http listener on a real server, including a body that never ends.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeListener } from "../../functions/http.ts";
import { createRouter } from "../../shared/http/router.ts";
import { auth, type FakeApp, fakeApp } from "./helpers.ts";

let server: Server;
let base: string;
let app: FakeApp;

beforeAll(async () => {
  app = fakeApp();
  server = createServer(createNodeListener(createRouter(app)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface StreamResult {
  status: number;
  connection: string | undefined;
  sentWhenAnswered: number;
  endedWhenAnswered: boolean;
}

/** POSTs an endless chunked body until the server answers (or `cap` bytes, then ends it). */
function streamUntilAnswered(cap: number): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const url = new URL("/audit", base);
    const req = request(url, { method: "POST", headers: { ...auth() } });
    let sent = 0;
    let ended = false;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const result = {
        status: res.statusCode ?? 0,
        connection: res.headers.connection,
        sentWhenAnswered: sent,
        endedWhenAnswered: ended,
      };
      res.resume();
      req.destroy();
      resolve(result);
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(8 * 1024, "a");
    const prefix = '{"targets":["';
    req.write(prefix);
    sent += prefix.length;
    const pump = () => {
      if (answered) return;
      if (sent >= cap) {
        ended = true;
        req.end('"]}');
        return;
      }
      sent += chunk.length;
      req.write(chunk);
      setTimeout(pump, 1);
    };
    pump();
  });
}

describe("node:http listener", () => {
  it("serves /healthz, ignoring the query string, with a generated request id", async () => {
    const res = await fetch(`${base}/healthz?probe=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("runs an audit from a JSON body", async () => {
    const res = await fetch(`${base}/audit`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ principals: ["app-*"] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("drift");
    expect(app.calls.at(-1)).toEqual({ trigger: "http", principals: ["app-*"] });
  });

  it("answers 401, 404 and 405 without reading the body", async () => {
    const noToken = await fetch(`${base}/audit`, { method: "POST", body: "x".repeat(200_000) });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const wrongMethod = await fetch(`${base}/reports/latest`, { method: "PUT", body: "{}" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });

  it("refuses a declared Content-Length over 64 KiB at once", async () => {
    const res = await fetch(`${base}/audit`, {
      method: "POST",
      headers: auth(),
      body: JSON.stringify({ targets: ["x".repeat(70_000)] }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/65536/);
  });

  it("refuses a streamed body as soon as it passes 64 KiB, before it ends", async () => {
    const cap = 8 * 1024 * 1024;
    const result = await streamUntilAnswered(cap);
    expect(result.status).toBe(413);
    expect(result.connection).toBe("close");
    expect(result.endedWhenAnswered).toBe(false);
    expect(result.sentWhenAnswered).toBeGreaterThan(64 * 1024);
    expect(result.sentWhenAnswered).toBeLessThan(cap);
  });
});
