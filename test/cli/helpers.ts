// Runs the rmq-drift command in-process with captured output and an explicit environment.
import { main } from "../../functions/cli.ts";
import type { CliIO } from "../../shared/cli/io.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  options: { isTTY?: boolean } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { RMQ_DRIFT_LOG_LEVEL: "error", ...env },
    isTTY: options.isTTY ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
