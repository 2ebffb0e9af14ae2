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
  payload: { type: "string", multiple: true },
  out: { type: "string" },
} as const;

export async function workerCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommand("worker", argv, FLAGS);
  if (values.help) {
    io.stdout(`${HELP.worker}\n`);
    return 0;
  }
  const texts = values.payload ?? [];
  if (texts.length === 0) throw new InputError("worker: --payload JSON is required");
  const payloads = texts.map((text) => {
    try {
      return parseWorkerPayload(JSON.parse(text));
    } catch (err) {
      throw new InputError(`worker: --payload is not a shard payload: ${(err as Error).message}`);
    }
  });
  const config = loadConfig(io.env);
  const logger = createJsonLogger({
    level: config.logLevel ?? "warn",
    base: { component: "worker" },
    write: (line) => io.stderr(`${line}\n`),
  });
  const app = createApp({ config, reports: values.out, logger, writeConsole: () => {} });
  // Several shards (a batch from audit --workers) are collected side by side, each on its own budget.
  const results = await Promise.allSettled(payloads.map((p) => app.runShard(p)));
  let failed = 0;
  for (const [i, r] of results.entries()) {
    if (r.status === "fulfilled") {
      io.stdout(`${JSON.stringify(r.value)}\n`);
      continue;
    }
    failed++;
    const { n } = (payloads[i] as (typeof payloads)[number]).shard;
    io.stderr(
      `rmq-drift worker: shard ${n}: ${(r.reason as Error)?.message ?? String(r.reason)}\n`,
    );
  }
  return failed === 0 ? 0 : 1;
}
