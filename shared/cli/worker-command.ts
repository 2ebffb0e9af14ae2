// `rmq-drift worker --payload JSON`: one fan-out shard (DESIGN.md §9), as a local child process of
// `audit --workers N`. Prints the outcome as one JSON line; logs go to stderr as JSON lines.
import { createApp } from "../audit/app.ts";
import { loadConfig } from "../config/config.ts";
import { InputError } from "../errors.ts";
import { parseWorkerPayload } from "../invoke/payload.ts";
import { createJsonLogger } from "../log/logger.ts";
import { HELP, parseCommand } from "./args.ts";
import type { CliIO } from "./io.ts";

const FLAGS = {
  payload: { type: "string" },
  out: { type: "string" },
} as const;

export async function workerCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommand("worker", argv, FLAGS);
  if (values.help) {
    io.stdout(`${HELP.worker}\n`);
    return 0;
  }
  if (values.payload === undefined) throw new InputError("worker: --payload JSON is required");
  let json: unknown;
  try {
    json = JSON.parse(values.payload);
  } catch (err) {
    throw new InputError(`worker: --payload is not JSON: ${(err as Error).message}`);
  }
  const payload = parseWorkerPayload(json);
  const config = loadConfig(io.env);
  const logger = createJsonLogger({
    level: config.logLevel ?? "warn",
    base: { component: "worker" },
    write: (line) => io.stderr(`${line}\n`),
  });
  const app = createApp({ config, reports: values.out, logger, writeConsole: () => {} });
  const outcome = await app.runShard(payload);
  io.stdout(`${JSON.stringify(outcome)}\n`);
  return 0;
}
