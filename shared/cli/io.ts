// What a command may touch of the process: output streams, environment, terminal-ness.
// Passed in, so tests run commands in-process and read what they printed.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** stdout/stderr attached to a terminal: progress lines and colour. */
  isTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
  };
}

/** Colour on a terminal, unless `NO_COLOR` is set to anything non-empty (no-color.org). */
export function useColor(io: CliIO): boolean {
  return io.isTTY && !io.env.NO_COLOR;
}
