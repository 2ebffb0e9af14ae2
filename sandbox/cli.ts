// `rmq-drift sandbox` and `rmq-drift demo` (`npm run demo`). They live beside the stand-ins so that
// shared/ never depends on the stand-ins; functions/cli.ts loads this file only for these commands.
import { createApp } from "../shared/audit/app.ts";
import { HELP, parseCommand, portFlag } from "../shared/cli/args.ts";
import { printOutcome } from "../shared/cli/audit-command.ts";
import type { CliIO } from "../shared/cli/io.ts";
import { loadConfig } from "../shared/config/config.ts";
import { createJsonLogger } from "../shared/log/logger.ts";
import { DEMO_CREDENTIALS } from "./demo-estate.ts";
import { type CloudSandbox, loadEstateFile, startCloudSandbox } from "./index.ts";

/** Environment that points rmq-drift at a running sandbox with the demo credentials. */
export function sandboxEnv(sandbox: CloudSandbox): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.alibaba.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.alibaba.accessKeySecret,
    HUAWEICLOUD_SDK_AK: DEMO_CREDENTIALS.huawei.ak,
    HUAWEICLOUD_SDK_SK: DEMO_CREDENTIALS.huawei.sk,
    RMQ_DRIFT_ALIBABA_ENDPOINT: sandbox.url,
    RMQ_DRIFT_HUAWEI_ENDPOINT: sandbox.url,
    RMQ_DRIFT_ALIBABA_STS_ENDPOINT: sandbox.url,
    RMQ_DRIFT_HUAWEI_IAM_ENDPOINT: sandbox.url,
  };
}

export async function sandboxCommand(
  argv: string[],
  io: CliIO,
  until: Promise<void>,
): Promise<number> {
  const { values } = parseCommand("sandbox", argv, {
    port: { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) {
    io.stdout(`${HELP.sandbox}\n`);
    return 0;
  }
  const estate = values.seed ? await loadEstateFile(values.seed) : undefined;
  const sandbox = await startCloudSandbox({ port: portFlag(values.port, 9400), estate });
  const exports = Object.entries(sandboxEnv(sandbox)).map(([k, v]) => `export ${k}=${v}`);
  io.stdout(
    [
      `rmq-drift sandbox (Alibaba + Huawei stand-ins) on ${sandbox.url}`,
      "Point rmq-drift at it with:",
      ...exports.map((l) => `  ${l}`),
      "  npm run audit -- --baseline policies/demo.yaml",
      "",
    ].join("\n"),
  );
  await until;
  await sandbox.close();
  return 0;
}

export async function demoCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommand("demo", argv, { out: { type: "string" } });
  if (values.help) {
    io.stdout(`${HELP.demo}\n`);
    return 0;
  }
  const sandbox = await startCloudSandbox();
  try {
    // The user's own credentials, endpoints and alert channels must not leak into the demo.
    const env = { ...io.env, ...sandboxEnv(sandbox), RMQ_DRIFT_ALERTS: "", RMQ_DRIFT_BASELINE: "" };
    const config = loadConfig(env);
    io.stderr(
      `sandbox listening on ${sandbox.url}; auditing policies/demo.yaml over signed HTTP…\n`,
    );
    const app = createApp({
      config,
      baseline: "policies/demo.yaml",
      reports: values.out ?? "./reports",
      logger: createJsonLogger({
        level: config.logLevel ?? "error",
        write: (l) => io.stderr(`${l}\n`),
      }),
      writeConsole: (text) =>
        io.stderr(`\n--- alert (no channel configured, printed here) ---\n${text}\n`),
      onTarget: (key, c, done, total, pass) =>
        io.stderr(
          `[${pass === "confirm" ? "confirm " : ""}${done}/${total}] ${key} ${c.target.status} (${c.apiCalls} calls, ${Math.round(c.durationMs)} ms)\n`,
        ),
    });
    const outcome = await app.run({ trigger: "cli" });
    // The summary ends with "Report: <path of the HTML report>", printed once.
    printOutcome(outcome, false, io, config.alertMinSeverity);
    return 0;
  } finally {
    await sandbox.close();
  }
}
