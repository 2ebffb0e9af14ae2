// A pass-through HTTP proxy in front of s3rver that can answer conditional PUTs itself, to play the
// stores s3rver cannot: AWS refusing a stale `If-Match` (412), or OSS/OBS/MinIO versions that do not
// implement the header at all (501). Headers go through untouched, so SigV4 signatures still verify.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** What to do with the n-th PUT carrying If-Match / If-None-Match; `null` forwards it. A 2xx
 * answer is sent WITHOUT storing anything (a write acknowledged, then lost to another writer). */
export type ConditionalReply = (n: number) => { status: number; code?: string } | null;

export interface S3Proxy {
  endpoint: string;
  /** Conditional PUTs seen so far. */
  conditional: number;
  /** Their condition headers, in order (`If-Match` value, or `none:<If-None-Match value>`). */
  conditions: string[];
  close(): Promise<void>;
}

export async function startS3Proxy(upstream: string, reply: ConditionalReply): Promise<S3Proxy> {
  const target = new URL(upstream);
  const proxy: S3Proxy = { endpoint: "", conditional: 0, conditions: [], close: async () => {} };
  const server = createServer((req, res) => {
    // Only latest.json's swaps are played with; index.json's (written after it) pass through.
    const isConditional =
      req.method === "PUT" &&
      new URL(req.url ?? "/", "http://proxy").pathname.endsWith("/latest.json") &&
      (req.headers["if-match"] || req.headers["if-none-match"]);
    if (isConditional) {
      const { "if-match": match, "if-none-match": noneMatch } = req.headers;
      proxy.conditions.push(match ? String(match) : `none:${String(noneMatch)}`);
    }
    const answer = isConditional ? reply(++proxy.conditional) : null;
    if (answer) {
      req.resume();
      if (answer.status < 300) {
        res.writeHead(answer.status, { etag: '"0000"' });
        res.end();
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/xml" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${answer.code}</Code></Error>`);
      return;
    }
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
