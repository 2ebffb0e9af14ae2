// `rmq-drift audit`: the full pipeline from a terminal, with a summary table and §8 exit codes.
import { type App, createApp } from "../audit/app.ts";
import type { AuditOutcome } from "../audit/types.ts";
import { loadConfig } from "../config/config.ts";
import { createJsonLogger } from "../log/logger.ts";
import { visible } from "../report/visible.ts";
import { HELP, parseCommand, severityFlag } from "./args.ts";
import { auditExitCode } from "./exit-code.ts";
import type { CliIO } from "./io.ts";
import { formatSummary } from "./summary.ts";

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
} as const;

export async function auditCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommand("audit", argv, FLAGS);
  if (values.help) return help(io);
  const failOn = severityFlag(values["fail-on"], "--fail-on", "low");
  const config = loadConfig(io.env);
  const app = createApp({
    config,
    baseline: values.baseline,
    reports: values.out,
    logger: createJsonLogger({
      level: config.logLevel ?? "warn",
      write: (l) => io.stderr(`${l}\n`),
    }),
    writeConsole: io.stderr,
    onTarget: io.isTTY
      ? (key, c, done, total) =>
          io.stderr(
            `[${done}/${total}] ${visible(key)} ${c.target.status} (${c.apiCalls} calls, ${Math.round(c.durationMs)} ms)\n`,
          )
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
  printOutcome(outcome, values.json ?? false, io);
  return auditExitCode(outcome.report, failOn);
}

export function printOutcome(outcome: AuditOutcome, json: boolean, io: CliIO): void {
  if (json) {
    const { report, reportUrl, htmlUrl } = outcome;
    const out = {
      runId: report.runId,
      status: report.status,
      summary: report.summary,
      reportUrl,
      htmlUrl,
      findings: report.findings,
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  io.stdout(
    formatSummary(outcome.report, {
      color: io.isTTY,
      htmlUrl: outcome.htmlUrl,
      reportUrl: outcome.reportUrl,
    }),
  );
}

function help(io: CliIO): number {
  io.stdout(`${HELP.audit}\n`);
  return 0;
}

export type { App };
