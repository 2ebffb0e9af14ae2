// `rmq-drift serve`: the HTTP interface on node:http, same router as the cloud functions.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../audit/app.ts";
import { loadBaselineSource } from "../audit/baseline-source.ts";
import { checkCredentials } from "../audit/collectors.ts";
import { type Config, loadConfig } from "../config/config.ts";
import { ConfigError, formatIssue } from "../errors.ts";
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
  const loaded = await loadBaselineSource(config.baseline, config.s3, config.storeTimeoutMs);
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
  const graceMs = graceFlag(values.grace) * 1000;
  await checkStartup(config, io);
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
