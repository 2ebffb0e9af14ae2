// A large estate in one run: 20 Alibaba accounts reached through STS AssumeRole, 3 regions each,
// 50 instances per region (3,000 targets), against the sandbox with a fixed per-request latency.
// Prints wall time, calls, peak RSS and the ratio of wall time to the lower bound set by the
// per-account budget: max over accounts of (calls ÷ QPS). Target: within 1.3× of that bound.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloudSandbox } from "../sandbox/index.ts";
import { createApp } from "../shared/audit/app.ts";
import { loadConfig } from "../shared/config/config.ts";
import { silentLogger } from "../shared/log/logger.ts";
import { type AssumeRoleEstate, alibabaSeed, baselineYaml } from "./assume-role-estate.ts";
import type { Bench } from "./types.ts";

const ACCOUNTS = 20;
const REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing"];
const INSTANCES_PER_REGION = 50;
// 20 accounts × 20 QPS = 400 signed requests per second, verified by a sandbox in the same process:
// at 40 QPS the two share two cores and the sandbox's CPU, not the budget, becomes the limit.
const QPS = 20;
const CONCURRENCY = 8;
const LATENCY_MS = 20;
const BASE = {
  id: "LTAIbenchAuditor0001",
  secret: "bench-base-secret",
  account: "1000000000000000",
};

const ESTATE: AssumeRoleEstate = {
  accounts: ACCOUNTS,
  regions: REGIONS,
  perRegion: INSTANCES_PER_REGION,
  base: BASE,
  firstAccount: 2000000000000000,
};

export const bench: Bench = {
  name: `estate: ${ACCOUNTS} accounts × ${REGIONS.length} regions × ${INSTANCES_PER_REGION} instances (AssumeRole, ${LATENCY_MS} ms latency, ${QPS} QPS/account)`,
  async run() {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-bench-estate-"));
    const sandbox = await startCloudSandbox({
      estate: {
        alibaba: alibabaSeed(ESTATE),
        huawei: { credentials: [{ ak: "unused", sk: "unused" }], instances: [] },
        alibabaKnobs: { latencyMs: LATENCY_MS },
        huaweiKnobs: {},
      },
    });
    try {
      const file = join(dir, "baseline.yaml");
      await writeFile(file, baselineYaml(ESTATE));
      const app = createApp({
        config: loadConfig({
          ALIBABA_CLOUD_ACCESS_KEY_ID: BASE.id,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: BASE.secret,
          RMQ_DRIFT_ALIBABA_ENDPOINT: sandbox.url,
          RMQ_DRIFT_ALIBABA_STS_ENDPOINT: sandbox.url,
          RMQ_DRIFT_ALIBABA_QPS: String(QPS),
          RMQ_DRIFT_CONCURRENCY: String(CONCURRENCY),
        }),
        baseline: file,
        reports: join(dir, "reports"),
        logger: silentLogger,
        writeConsole: () => {},
      });
      const started = performance.now();
      const { report } = await app.run({ trigger: "cli", dryRun: true, noAlerts: true });
      const wallS = (performance.now() - started) / 1000;
      const perAccount = new Map<string, number>();
      for (const t of report.targets) {
        const key = t.credentials ?? "base";
        perAccount.set(key, (perAccount.get(key) ?? 0) + t.apiCalls);
      }
      const calls = [...perAccount.values()].reduce((a, b) => a + b, 0);
      const boundS = Math.max(...perAccount.values()) / QPS;
      console.log(
        `status ${report.status}, targets ${report.targets.length}, unreadable ${report.summary.unreadable}`,
      );
      console.log(
        `calls ${calls} (+${sandbox.sts.calls.length} AssumeRole), max per account ${Math.max(...perAccount.values())}`,
      );
      console.log(
        `wall ${wallS.toFixed(1)} s, lower bound ${boundS.toFixed(1)} s, ratio ${(wallS / boundS).toFixed(2)} (target ≤ 1.30)`,
      );
      console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
    } finally {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
