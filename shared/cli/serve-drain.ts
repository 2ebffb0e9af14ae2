// Graceful shutdown for `serve`: stop accepting, let the requests in flight (audits above all) finish
// and be answered, within a bound. Without it, a stop signal cut the caller's connection while the
// audit carried on behind it and still moved `latest.json`.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Drain {
  /** Wraps the request listener so in-flight requests are counted (and refused once stopping). */
  listener(inner: Listener): Listener;
  inFlight(): number;
  /** Stops accepting; resolves true when every request in flight was answered within `graceMs`. */
  stop(server: Server, graceMs: number): Promise<boolean>;
}

export function createDrain(): Drain {
  const open = new Set<ServerResponse>();
  let stopping = false;
  let settle: (() => void) | undefined;
  const finished = (res: ServerResponse) => {
    open.delete(res);
    if (open.size === 0) settle?.();
  };
  return {
    listener: (inner) => (req, res) => {
      if (stopping) return refuse(res);
      open.add(res);
      res.once("close", () => finished(res));
      inner(req, res);
    },
    inFlight: () => open.size,
    async stop(server, graceMs) {
      stopping = true;
      // Answers still to come close their connection, so keep-alive clients do not send more.
      for (const res of open) if (!res.headersSent) res.setHeader("connection", "close");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await new Promise<boolean>((resolve) => {
        if (open.size === 0) return resolve(true);
        const timer = setTimeout(() => resolve(false), graceMs);
        settle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      server.closeAllConnections();
      await closed;
      return drained;
    },
  };
}

// A request that arrives on a kept-alive connection after the stop signal.
function refuse(res: ServerResponse): void {
  const body = JSON.stringify({ error: "shutting down" });
  res.writeHead(503, {
    "content-type": "application/json",
    connection: "close",
    "retry-after": "5",
  });
  res.end(body);
}
