// Where `audit`'s JSON log lines go. Piped or redirected stderr gets them as they happen (a machine
// reads them). On a terminal they would tear through the progress lines, so they are held and, after
// the run, summarised in a few readable lines; `--log-file F` keeps every JSON line in a file.
import { appendFileSync } from "node:fs";
import { visible } from "../report/visible.ts";
import type { CliIO } from "./io.ts";

const SHOWN = 10;

export interface TerminalLog {
  write(line: string): void;
  /** Human lines about what was held back; empty when nothing was. */
  digest(): string[];
}

export function terminalLog(io: CliIO, logFile: string | undefined): TerminalLog {
  const held: Array<{ level: string; message: string; detail: string }> = [];
  const toFile = logFile ? (line: string) => appendFileSync(logFile, `${line}\n`) : null;
  return {
    write(line) {
      toFile?.(line);
      if (!io.isTTY) {
        if (!toFile) io.stderr(`${line}\n`);
        return;
      }
      held.push(readable(line));
    },
    digest() {
      if (held.length === 0) return [];
      const where = logFile
        ? `all of them in ${logFile}`
        : "rerun with --log-file F for the JSON lines";
      const out = [`Log: ${held.length} line(s) held back during progress (${where}):`];
      for (const h of held.slice(0, SHOWN))
        out.push(`  ${visible(`${h.level}: ${h.message}${h.detail}`)}`);
      if (held.length > SHOWN) out.push(`  … and ${held.length - SHOWN} more`);
      return out;
    },
  };
}

// The few fields that say what went wrong, not the whole record.
function readable(line: string): { level: string; message: string; detail: string } {
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    const parts = ["target", "channel", "key", "error"]
      .filter((k) => r[k] !== undefined)
      .map((k) => `${k}=${typeof r[k] === "string" ? r[k] : JSON.stringify(r[k])}`);
    return {
      level: String(r.level ?? "log"),
      message: String(r.message ?? ""),
      detail: parts.length > 0 ? ` (${parts.join(", ")})` : "",
    };
  } catch {
    return { level: "log", message: line, detail: "" };
  }
}
