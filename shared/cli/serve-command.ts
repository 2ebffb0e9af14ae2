// `rmq-drift serve`: the HTTP interface on node:http, same router as the cloud functions.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../audit/app.ts";
import { loadConfig } from "../config/config.ts";
import { createRouter } from "../http/router.ts";
import { createJsonLogger } from "../log/logger.ts";
import { HELP, parseCommand, portFlag } from "./args.ts";
import type { CliIO } from "./io.ts";

type NodeListener = Parameters<typeof createServer>[1];

export interface ServeOptions {
  /** functions/http.ts's node:http adapter, injected so shared/ never imports an entry point. */
  createNodeListener: (router: ReturnType<typeof createRouter>) => NodeListener;
  /** Resolves to stop serving (signal handling lives with the caller). */
  until: Promise<void>;
  onListening?: (url: string) => void;
}

export async function serveCommand(
  argv: string[],
  io: CliIO,
  options: ServeOptions,
): Promise<number> {
  const { values } = parseCommand("serve", argv, {
    port: { type: "string" },
    host: { type: "string" },
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
  const router = createRouter(createApp({ config, logger, writeConsole: io.stderr }), { logger });
  const server = createServer(options.createNodeListener(router));
  const host = values.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(portFlag(values.port, 8080), host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  io.stderr(`rmq-drift serving on ${url}\n`);
  options.onListening?.(url);
  await options.until;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return 0;
}
