// `rmq-drift serve`: the HTTP interface on node:http, same router as the cloud functions.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../audit/app.ts";
import { loadConfig } from "../config/config.ts";
import { createRouter } from "../http/router.ts";
import { createJsonLogger } from "../log/logger.ts";
import { HELP, parseCommand, portFlag, UsageError } from "./args.ts";
import { EXIT } from "./exit-code.ts";
import type { CliIO } from "./io.ts";
import { createDrain } from "./serve-drain.ts";

type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ServeOptions {
  /** functions/http.ts's node:http adapter, injected so shared/ never imports an entry point. */
  createNodeListener: (router: ReturnType<typeof createRouter>) => NodeListener;
  /** Resolves to stop serving (signal handling lives with the caller). */
  until: Promise<void>;
  onListening?: (url: string) => void;
  /** Called when requests are still running after the grace period (the CLI ends the process). */
  onAbandon?: () => void;
}

export async function serveCommand(
  argv: string[],
  io: CliIO,
  options: ServeOptions,
): Promise<number> {
  const { values } = parseCommand("serve", argv, {
    port: { type: "string" },
    host: { type: "string" },
    grace: { type: "string" },
  });
  if (values.help) {
    io.stdout(`${HELP.serve}\n`);
    return 0;
  }
  const config = loadConfig(io.env);
  const logger = createJsonLogger({
    level: config.logLevel ?? "info",
    write: (l) => io.stderr(`${l}\n`),
  });
  if (config.httpTokenHashes.length === 0) {
    io.stderr(
      "warning: RMQ_DRIFT_HTTP_TOKEN_SHA256 is not set; every request except /healthz gets 401\n",
    );
  }
  const graceMs = graceFlag(values.grace) * 1000;
  const router = createRouter(createApp({ config, logger, writeConsole: io.stderr }), { logger });
  const drain = createDrain();
  const server = createServer(drain.listener(options.createNodeListener(router)));
  const host = values.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(portFlag(values.port, 8080), host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  io.stderr(`rmq-drift serving on ${url}\n`);
  options.onListening?.(url);
  await options.until;
  const running = drain.inFlight();
  io.stderr(
    `rmq-drift stopping: no new connections; ${running} request(s) in flight, waiting up to ${graceMs / 1000} s\n`,
  );
  if (await drain.stop(server, graceMs)) return 0;
  io.stderr(
    `rmq-drift stopped with ${drain.inFlight()} request(s) unanswered after the grace period\n`,
  );
  options.onAbandon?.();
  return EXIT.error;
}

function graceFlag(value: string | undefined): number {
  if (value === undefined) return 60;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new UsageError(`--grace must be a number of seconds, got "${value}"`);
  }
  return n;
}
