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

export async function startSandbox(options: {
  routes: SandboxRoute[];
  port?: number;
  host?: string;
}): Promise<RunningSandbox> {
  const server = createServer((req, res) => {
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
  });
  await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    close: () => closeServer(server),
  };
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
