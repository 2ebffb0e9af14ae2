// `rmq-drift validate --baseline F`: exit 0 valid, 1 with every problem positioned.
import { loadBaselineFile } from "../baseline/load.ts";
import { formatIssue } from "../errors.ts";
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
  const { baseline, warnings } = await loadBaselineFile(file);
  // Warnings do not make a baseline invalid: a stale waiver must not stop an audit.
  for (const warning of warnings) io.stderr(`warning: ${formatIssue(warning)}\n`);
  const waivers = baseline.waivers?.length ?? 0;
  const warned = warnings.length === 0 ? "" : `, ${warnings.length} warning(s)`;
  io.stdout(
    `${file}: valid (${baseline.targets.length} target(s), ${waivers} waiver(s)${warned})\n`,
  );
  return 0;
}
