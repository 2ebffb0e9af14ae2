// One local HTTP server for the cloud API stand-ins, routed by path (Alibaba ROA paths start with
// `/instances`, Huawei with `/v2/`). Binds 127.0.0.1, port 0 by default.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request's whole body, as the stand-ins verify and parse it. */
export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface SandboxRoute {
  name: string;
  matches(url: URL): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:39123`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An HTTP server on `host:port` (default: a free loopback port) whose `close` also drops idle sockets. */
export async function serveLocally(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
  host = "127.0.0.1",
): Promise<RunningSandbox> {
  const server = createServer(handler);
  await listen(server, port, host);
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://${host}:${bound}`, port: bound, close: () => closeServer(server) };
}

export async function startSandbox(options: {
  routes: SandboxRoute[];
  port?: number;
  host?: string;
}): Promise<RunningSandbox> {
  return serveLocally(
    (req, res) => {
      const url = new URL(req.url ?? "/", "http://sandbox.local");
      const route = options.routes.find((r) => r.matches(url));
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error_code: "SANDBOX.404", error_msg: `no route for ${url.pathname}` }),
        );
        return;
      }
      route.handle(req, res, url).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ sandboxError: err instanceof Error ? err.message : String(err) }));
      });
    },
    options.port,
    options.host,
  );
}

function listen(server: Server, port: number, host: string) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: Server) {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
