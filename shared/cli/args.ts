// Flag parsing for every command, on node:util parseArgs: unknown flags are errors that name the
// flag and point at --help.
import { parseArgs } from "node:util";
import { RequestError } from "../errors.ts";
import { SEVERITIES, type Severity } from "../model/finding.ts";
import { PROVIDER_IDS, providerOf } from "../providers/index.ts";

export class UsageError extends RequestError {
  override name = "UsageError";
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

export function parseCommand<T extends Options>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(
      `${command}: ${(err as Error).message}\nRun "rmq-drift ${command} --help".`,
    );
  }
}

export function severityFlag(
  value: string | undefined,
  flag: string,
  fallback: Severity,
): Severity {
  if (value === undefined) return fallback;
  const lower = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(lower)) return lower as Severity;
  throw new UsageError(`${flag} must be one of ${SEVERITIES.join(", ")}, got "${value}"`);
}

export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port must be 0-65535, got "${value}"`);
  return n;
}

/** `audit --workers N`: local fan-out worker processes, 1 to 256. */
export function workersFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`--workers must be a whole number from 1 to 256, got "${value}"`);
  return n;
}

export const COMMANDS = [
  "audit",
  "validate",
  "init",
  "report",
  "serve",
  "sandbox",
  "demo",
  "worker",
  "help",
];

/** The command within edit distance 2 (or sharing a 3-letter prefix), for "did you mean". */
export function nearestCommand(typed: string, commands: readonly string[]): string | null {
  const lower = typed.toLowerCase();
  let best: { name: string; distance: number } | null = null;
  for (const name of commands) {
    const distance =
      name.startsWith(lower.slice(0, 3)) && lower.length >= 3 ? 1 : editDistance(lower, name);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

// Help names the clouds from the registry, so a registered provider appears without editing it.
const MODULES = PROVIDER_IDS.map((id) => providerOf({ provider: id }));
const CLOUD_NAMES = MODULES.map((m) => m.displayName).join(", ");
const INIT_FLAG_LINES = MODULES.flatMap((m) => m.init.flags)
  .map(({ flag, help }) => `  ${`--${flag} ${help.value}`.padEnd(22)}${help.text}\n`)
  .join("");

/** "A", "A and B", "A, B and C". */
function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

export const HELP: Record<string, string> = {
  main: `rmq-drift — audit permission drift on managed RocketMQ (${CLOUD_NAMES})

Usage: rmq-drift <command> [options]

Commands:
  audit      compare the clouds (or a stored snapshot) with the baseline and write a report
  validate   check a baseline file
  init       write a baseline from the live state of one instance, or of a whole region
  report     render a stored report.json (Markdown, HTML) or export it (CSV, OCSF, JUnit, SARIF)
  serve      run the HTTP interface locally
  sandbox    run local stand-ins for both cloud APIs
  demo       start the sandbox, audit it with policies/demo.yaml, write ./reports
  worker     collect one shard of a fan-out run (started by audit --workers or a coordinator)

Run "rmq-drift help <command>" or "rmq-drift <command> --help" for a command's options;
"rmq-drift --version" prints the version. NO_COLOR=1 turns colour off.`,
  audit: `Usage: rmq-drift audit [options]

  --baseline F          baseline YAML (default: $RMQ_DRIFT_BASELINE or policies/baseline.yaml)
  --snapshot F          evaluate a stored snapshot.json offline (no cloud calls)
  --out DIR|s3://B/P    where reports go (default: $RMQ_DRIFT_REPORTS or ./reports)
  --only GLOB           audit only targets whose key or name matches (repeatable)
  --principal GLOB      targeted audit of matching principals, with point reads (repeatable)
  --fail-on SEV         lowest severity that makes the exit code 2 (default: low)
  --no-alerts           store the report but send no alert
  --dry-run             compare and print, store nothing, alert nobody
  --json                print the outcome as JSON instead of the summary table
  --log-file F          append the JSON log lines to F (on a terminal they are otherwise held
                        back during progress and summarised at the end)
  --workers N           fan out: more targets than $RMQ_DRIFT_SHARD_SIZE (default 50) are split
                        into shards, each collected by one of N local worker processes

Values are case-insensitive (--fail-on CRITICAL). On a terminal, progress lines name the pass:
"[3/12]" while reading, "[confirm 1/2]" while re-reading new drift to confirm it.

Exit codes: 0 clean, 2 drift, 3 incomplete (a target could not be read), 4 the audit passed but an
alert was not delivered (kept in alerts/pending/ for the next run; 2 and 3 take precedence), 1 error.`,
  worker: `Usage: rmq-drift worker --payload JSON [--payload JSON …] [--out DIR|s3://B/P]

Collects one shard of a fan-out run and writes shards/{n}.json to the store; the coordinator
(audit --workers N, or RMQ_DRIFT_FANOUT) starts it. JSON is {"shard":{"runId","n","planKey"}};
several --payload flags collect several shards side by side.
  --out DIR|s3://B/P    the run's store (default: $RMQ_DRIFT_REPORTS or ./reports)

Exit 0 when the shard is stored (or there was nothing to do), 1 on an error.`,
  validate: `Usage: rmq-drift validate --baseline F

Exit 0 when valid; 1 with one "file:line:col  path  message" line per problem.`,
  init: `Usage: rmq-drift init --provider ${PROVIDER_IDS.join("|")} --region R [--instance I] [options]

  --instance I          one instance; without it, every instance of the region
${INIT_FLAG_LINES}  --endpoint URL        API endpoint override
  --out F               write the YAML here instead of stdout

Reads the live state with the configured credentials and writes a baseline that validates and
audits clean against it. Without --instance it lists the region (all pages) and adds a discover
entry for it. Risky live state (admin users, any-address whitelists, access control off) is
written as it is, marked "# review:" and listed on stderr.`,
  report: `Usage: rmq-drift report FILE.json [--format F] [--out F]

  --format F   md (default), html, json, csv (RFC 4180), ocsf (OCSF 1.3.0 Compliance Finding,
               JSON lines), junit (JUnit XML), sarif (SARIF 2.1.0)
  --out F      write to a file instead of standard output`,
  serve: `Usage: rmq-drift serve [--port N] [--host H] [--grace SECONDS]

Serves POST /audit, GET /reports/latest, GET /reports/{runId}, GET /reports/{runId}/report.html
and GET /healthz (default port 8080).
Bearer tokens: set RMQ_DRIFT_HTTP_TOKEN_SHA256 to SHA-256 hex digests of the accepted tokens.
On SIGTERM/SIGINT: stops accepting, lets requests in flight (audits) finish and answers them, then
exits 0; requests still running after --grace seconds (default 60) are abandoned, exit 1.`,
  sandbox: `Usage: rmq-drift sandbox [--port N] [--seed F]

Local stand-ins for the ${listed(MODULES.map((m) => m.label))} APIs (signature-verifying), seeded with the demo estate.`,
  demo: `Usage: rmq-drift demo [--out DIR]

Starts the sandbox, audits it with policies/demo.yaml over signed HTTP, writes ./reports, prints
the summary and the path of the HTML report. Exits 0.`,
};
