// `rmq-drift validate --baseline F`: exit 0 valid, 1 with every problem positioned.
import { loadBaselineFile } from "../baseline/load.ts";
import { HELP, parseCommand, UsageError } from "./args.ts";
import type { CliIO } from "./io.ts";

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand(
    "validate",
    argv,
    { baseline: { type: "string" } },
    true,
  );
  if (values.help) {
    io.stdout(`${HELP.validate}\n`);
    return 0;
  }
  const file = values.baseline ?? positionals[0];
  if (!file) throw new UsageError("validate: --baseline F is required");
  const { baseline } = await loadBaselineFile(file);
  const waivers = baseline.waivers?.length ?? 0;
  io.stdout(`${file}: valid (${baseline.targets.length} target(s), ${waivers} waiver(s))\n`);
  return 0;
}
