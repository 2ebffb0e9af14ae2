#!/usr/bin/env node
// The rmq-drift command: parses the command name, runs it, maps errors to exit codes (§8).
// Each command is imported only when it runs, so `--help` or `validate` never load the HTTP stack,
// the providers or the S3 client (the built CLI answers --help in a few tens of milliseconds).
import type { CliIO } from "../shared/cli/io.ts";
import { visible } from "../shared/report/visible.ts";

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
    return (argv, io) => serveCommand(argv, io, { createNodeListener, until: stopSignal() });
  },
  sandbox: async () => {
    const { sandboxCommand } = await import("../sandbox/cli.ts");
    return (argv, io) => sandboxCommand(argv, io, stopSignal());
  },
  demo: async () => (await import("../sandbox/cli.ts")).demoCommand,
};

const HELP_WORDS = new Set(["help", "--help", "-h"]);
/** EXIT.error of shared/cli/exit-code.ts, which is not imported here: it loads the report model. */
const EXIT_ERROR = 1;

export async function main(argv: string[], io?: CliIO): Promise<number> {
  const out = io ?? (await import("../shared/cli/io.ts")).processIO();
  const [command, ...rest] = argv;
  try {
    const load = command === undefined ? undefined : COMMANDS[command];
    if (load) return await (await load())(rest, out);
    const { HELP, UsageError } = await import("../shared/cli/args.ts");
    if (command !== undefined && !HELP_WORDS.has(command)) {
      throw new UsageError(`unknown command "${command}"\n\n${HELP.main}`);
    }
    out.stdout(`${HELP.main}\n`);
    return command === undefined ? EXIT_ERROR : 0;
  } catch (err) {
    // Messages may quote cloud or file text: each line is shown, never obeyed, by the terminal.
    const message = await describeError(err);
    out.stderr(`${message.split("\n").map(visible).join("\n")}\n`);
    return EXIT_ERROR;
  }
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
