// Stand-ins for a store that accepts connections and then goes quiet: a TCP server that never
// answers, and an HTTP server that answers GETs but never PUTs, or sends headers and never the body.
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Socket } from "node:net";

export interface SilentServer {
  endpoint: string;
  /** Connections accepted so far (one per attempt: a timed-out attempt closes its socket). */
  connections: number;
  close(): Promise<void>;
}

/** Accepts every connection, reads what is sent, and never writes a byte. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    silent.connections++;
    sockets.add(socket);
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  const silent: SilentServer = { endpoint: "", connections: 0, close: async () => {} };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  silent.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  silent.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return silent;
}

/**
 * GET: `404 NoSuchKey` (an empty store), or with `stallBodies`, a 200 whose body never comes.
 * PUT: read, never answered.
 */
export async function startHalfSilentServer(options: { stallBodies?: boolean } = {}) {
  const counts = { get: 0, put: 0 };
  const server = createHttpServer((req, res) => {
    req.resume();
    if (req.method === "GET") {
      counts.get++;
      if (options.stallBodies) {
        res.writeHead(200, { "content-length": "100", etag: '"e"' });
        res.write("{");
        return;
      }
      res.writeHead(404, { "content-type": "application/xml" });
      res.end("<Error><Code>NoSuchKey</Code><Message>none</Message></Error>");
      return;
    }
    counts.put++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
