// `rmq-drift audit`: the full pipeline from a terminal, with a summary table and §8 exit codes.
import { type App, createApp } from "../audit/app.ts";
import type { AuditOutcome } from "../audit/types.ts";
import { loadConfig } from "../config/config.ts";
import { createJsonLogger } from "../log/logger.ts";
import type { Severity } from "../model/finding.ts";
import { visible } from "../report/visible.ts";
import { HELP, parseCommand, severityFlag, workersFlag } from "./args.ts";
import { auditExitCode } from "./exit-code.ts";
import { type CliIO, useColor } from "./io.ts";
import { formatSummary } from "./summary.ts";
import { terminalLog } from "./terminal-log.ts";

const FLAGS = {
  baseline: { type: "string" },
  snapshot: { type: "string" },
  out: { type: "string" },
  only: { type: "string", multiple: true },
  principal: { type: "string", multiple: true },
  "fail-on": { type: "string" },
  "no-alerts": { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  "log-file": { type: "string" },
  workers: { type: "string" },
} as const;

export async function auditCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommand("audit", argv, FLAGS);
  if (values.help) return help(io);
  const failOn = severityFlag(values["fail-on"], "--fail-on", "low");
  const config = loadConfig(io.env);
  const workers = workersFlag(values.workers);
  const log = terminalLog(io, values["log-file"]);
  const app = createApp({
    config,
    baseline: values.baseline,
    reports: values.out,
    // Local worker processes: this program's `worker` command on the same store.
    fanout: workers === undefined ? undefined : { workers },
    logger: createJsonLogger({ level: config.logLevel ?? "warn", write: log.write }),
    // The summary says what the alert said; printing the console alert too would say it twice.
    writeConsole: () => {},
    onTarget: io.isTTY
      ? (key, c, done, total, pass) => {
          const label = pass === "confirm" ? `confirm ${done}/${total}` : `${done}/${total}`;
          const took = `${c.apiCalls} calls, ${Math.round(c.durationMs)} ms`;
          io.stderr(`[${label}] ${visible(key)} ${c.target.status} (${took})\n`);
        }
      : undefined,
  });
  const outcome = await app.run({
    trigger: "cli",
    snapshotPath: values.snapshot,
    targets: values.only,
    principals: values.principal,
    noAlerts: values["no-alerts"],
    dryRun: values["dry-run"],
  });
  const digest = log.digest();
  if (digest.length > 0) io.stderr(`${digest.join("\n")}\n`);
  printOutcome(outcome, values.json ?? false, io, config.alertMinSeverity);
  return auditExitCode(outcome.report, failOn);
}

export function printOutcome(
  outcome: AuditOutcome,
  json: boolean,
  io: CliIO,
  minSeverity: Severity,
): void {
  if (json) {
    const { report, reportUrl, htmlUrl } = outcome;
    const out = {
      runId: report.runId,
      status: report.status,
      summary: report.summary,
      reportUrl,
      htmlUrl,
      delivery: report.delivery,
      findings: report.findings,
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  io.stdout(
    formatSummary(outcome.report, {
      color: useColor(io),
      htmlUrl: outcome.htmlUrl,
      alertedFindings: outcome.alertedFindings,
      minSeverity,
    }),
  );
}

function help(io: CliIO): number {
  io.stdout(`${HELP.audit}\n`);
  return 0;
}

export type { App };
