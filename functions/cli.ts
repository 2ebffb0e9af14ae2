#!/usr/bin/env node
import { formatValidationReport } from "../shared/baseline/format.ts";
// The rmq-drift command: parses the command name, runs it, maps errors to exit codes (§8).
import { COMMANDS, HELP, nearestCommand, UsageError } from "../shared/cli/args.ts";
import { auditCommand } from "../shared/cli/audit-command.ts";
import { EXIT } from "../shared/cli/exit-code.ts";
import { initCommand } from "../shared/cli/init-command.ts";
import { type CliIO, processIO } from "../shared/cli/io.ts";
import { reportCommand } from "../shared/cli/report-command.ts";
import { serveCommand } from "../shared/cli/serve-command.ts";
import { validateCommand } from "../shared/cli/validate-command.ts";
import { InputError, ValidationError } from "../shared/errors.ts";
import { visible } from "../shared/report/visible.ts";
import { TOOL_VERSION } from "../shared/version.ts";

/** Resolves on SIGINT/SIGTERM: long-running commands (serve, sandbox) stop cleanly. */
const stopSignal = () =>
  new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "audit":
        return await auditCommand(rest, io);
      case "validate":
        return await validateCommand(rest, io);
      case "init":
        return await initCommand(rest, io);
      case "report":
        return await reportCommand(rest, io);
      case "serve": {
        const { createNodeListener } = await import("./http.ts");
        return await serveCommand(rest, io, {
          createNodeListener,
          until: stopSignal(),
          // Abandoned audits would keep the process alive; their lease expires by itself.
          onAbandon: () => process.exit(EXIT.error),
        });
      }
      case "sandbox":
        return await (await import("../sandbox/cli.ts")).sandboxCommand(rest, io, stopSignal());
      case "demo":
        return await (await import("../sandbox/cli.ts")).demoCommand(rest, io);
      case "--version":
      case "-V":
      case "version":
        io.stdout(`rmq-drift ${TOOL_VERSION}\n`);
        return 0;
      case "help":
        return helpCommand(rest, io);
      case undefined:
      case "--help":
      case "-h":
        io.stdout(`${HELP.main}\n`);
        return command === undefined ? EXIT.error : 0;
      default:
        throw new UsageError(unknownCommand(command));
    }
  } catch (err) {
    // Messages may quote cloud or file text: each line is shown, never obeyed, by the terminal.
    io.stderr(`${describeError(err).split("\n").map(visible).join("\n")}\n`);
    return EXIT.error;
  }
}

/** `rmq-drift help [command]`: the same text as `rmq-drift <command> --help`. */
function helpCommand(rest: string[], io: CliIO): number {
  const [topic] = rest;
  if (topic === undefined) {
    io.stdout(`${HELP.main}\n`);
    return 0;
  }
  const text = Object.hasOwn(HELP, topic) && topic !== "main" ? HELP[topic] : undefined;
  if (text === undefined) throw new UsageError(unknownCommand(topic));
  io.stdout(`${text}\n`);
  return 0;
}

function unknownCommand(command: string): string {
  const near = nearestCommand(command, COMMANDS);
  const hint = near ? ` — did you mean "${near}"?` : "";
  return `unknown command "${command}"${hint}\nRun "rmq-drift help" for the list of commands.`;
}

function describeError(err: unknown): string {
  if (err instanceof ValidationError) return formatValidationReport(err);
  if (err instanceof InputError) return `error: ${err.message}`;
  if (err instanceof Error)
    return `error: ${err.name === "Error" ? "" : `${err.name}: `}${err.message}`;
  return `error: ${String(err)}`;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (invokedDirectly || process.env.RMQ_DRIFT_CLI === "1") {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
