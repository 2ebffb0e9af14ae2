#!/usr/bin/env node
// The rmq-drift command: parses the command name, runs it, maps errors to exit codes (§8).
// Each command is imported only when it runs, so `--help` or `validate` never load the HTTP stack,
// the providers or the S3 client (the built CLI answers --help in a few tens of milliseconds).
import type { CliIO } from "../shared/cli/io.ts";
import { visible } from "../shared/report/visible.ts";
import { TOOL_VERSION } from "../shared/version.ts";

type Command = (argv: string[], io: CliIO) => Promise<number>;

/** Resolves on SIGINT/SIGTERM: long-running commands (serve, sandbox) stop cleanly. */
const stopSignal = () =>
  new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

const COMMANDS: Record<string, () => Promise<Command>> = {
  audit: async () => (await import("../shared/cli/audit-command.ts")).auditCommand,
  validate: async () => (await import("../shared/cli/validate-command.ts")).validateCommand,
  init: async () => (await import("../shared/cli/init-command.ts")).initCommand,
  report: async () => (await import("../shared/cli/report-command.ts")).reportCommand,
  serve: async () => {
    const [{ serveCommand }, { createNodeListener }] = await Promise.all([
      import("../shared/cli/serve-command.ts"),
      import("./http.ts"),
    ]);
    return (argv, io) =>
      serveCommand(argv, io, {
        createNodeListener,
        until: stopSignal(),
        // Abandoned audits would keep the process alive; their lease expires by itself.
        onAbandon: () => process.exit(EXIT_ERROR),
      });
  },
  sandbox: async () => {
    const { sandboxCommand } = await import("../sandbox/cli.ts");
    return (argv, io) => sandboxCommand(argv, io, stopSignal());
  },
  demo: async () => (await import("../sandbox/cli.ts")).demoCommand,
  worker: async () => (await import("../shared/cli/worker-command.ts")).workerCommand,
};

const HELP_WORDS = new Set(["help", "--help", "-h"]);
const VERSION_WORDS = new Set(["--version", "-V", "version"]);
/** EXIT.error of shared/cli/exit-code.ts, which is not imported here: it loads the report model. */
const EXIT_ERROR = 1;

export async function main(argv: string[], io?: CliIO): Promise<number> {
  const out = io ?? (await import("../shared/cli/io.ts")).processIO();
  const [command, ...rest] = argv;
  try {
    const load = command === undefined ? undefined : COMMANDS[command];
    if (load) return await (await load())(rest, out);
    if (command !== undefined && VERSION_WORDS.has(command)) {
      out.stdout(`rmq-drift ${TOOL_VERSION}\n`);
      return 0;
    }
    const args = await import("../shared/cli/args.ts");
    if (command === "help" && rest[0] !== undefined) return helpCommand(rest[0], out, args);
    if (command !== undefined && !HELP_WORDS.has(command)) {
      throw new args.UsageError(unknownCommand(command, args));
    }
    out.stdout(`${args.HELP.main}\n`);
    return command === undefined ? EXIT_ERROR : 0;
  } catch (err) {
    // Messages may quote cloud or file text: each line is shown, never obeyed, by the terminal.
    const message = await describeError(err);
    out.stderr(`${message.split("\n").map(visible).join("\n")}\n`);
    return EXIT_ERROR;
  }
}

type Args = typeof import("../shared/cli/args.ts");

/** `rmq-drift help <command>`: the same text as `rmq-drift <command> --help`. */
function helpCommand(topic: string, io: CliIO, args: Args): number {
  const text = Object.hasOwn(args.HELP, topic) && topic !== "main" ? args.HELP[topic] : undefined;
  if (text === undefined) throw new args.UsageError(unknownCommand(topic, args));
  io.stdout(`${text}\n`);
  return 0;
}

function unknownCommand(command: string, args: Args): string {
  const near = args.nearestCommand(command, args.COMMANDS);
  const hint = near ? ` — did you mean "${near}"?` : "";
  return `unknown command "${command}"${hint}\nRun "rmq-drift help" for the list of commands.`;
}

async function describeError(err: unknown): Promise<string> {
  const { InputError, ValidationError } = await import("../shared/errors.ts");
  if (err instanceof ValidationError) {
    return (await import("../shared/baseline/format.ts")).formatValidationReport(err);
  }
  if (err instanceof InputError) return `error: ${err.message}`;
  if (err instanceof Error)
    return `error: ${err.name === "Error" ? "" : `${err.name}: `}${err.message}`;
  return `error: ${String(err)}`;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
