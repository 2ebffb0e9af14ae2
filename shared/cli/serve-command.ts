// `rmq-drift serve`: the HTTP interface on node:http, same router as the cloud functions.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../audit/app.ts";
import { loadBaselineSource } from "../audit/baseline-source.ts";
import { checkCredentials } from "../audit/collectors.ts";
import { type Config, loadConfig } from "../config/config.ts";
import { ConfigError, formatIssue } from "../errors.ts";
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

/**
 * What would otherwise make every audit answer 401 or 500 is refused at start, with the reason:
 * no accepted token, a baseline that cannot be read or is invalid, missing credentials for a
 * provider the baseline uses. (The baseline is read again per audit, so it can be updated live.)
 */
async function checkStartup(config: Readonly<Config>, io: CliIO): Promise<void> {
  if (config.httpTokenHashes.length === 0) {
    throw new ConfigError(
      "RMQ_DRIFT_HTTP_TOKEN_SHA256 is not set, so serve would refuse every request; set it to the SHA-256 hex digest of a bearer token",
    );
  }
  const loaded = await loadBaselineSource(config.baseline, config.s3);
  for (const warning of loaded.warnings) io.stderr(`warning: ${formatIssue(warning)}\n`);
  checkCredentials(config, new Set(loaded.baseline.targets.map((t) => t.provider)));
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
  await checkStartup(config, io);
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
