// Collection speed, side by side with the official SDK: the sandbox with injected latency (50 ms)
// and a request counter serves N× (10 Alibaba instances × 200 accounts × 10 ACL entries, 10 Huawei
// × 150 users); a plain SDK script and rmq-drift audits read it in turn, each in its own process.
//   npm run bench -- collection [--scales=1,4] [--repeat=3] [--full] [--quick] [--before=DIR]
//                               [--concurrency=N]
// Unthrottled means RMQ_DRIFT_*_QPS=100000; --concurrency also lifts RMQ_DRIFT_CONCURRENCY (the
// in-flight cap per account, 4 by default) for those runs.
// --before runs the same rmq-drift cases from another checkout (e.g. `git archive` of main, with a
// node_modules link), so before and after come from one run on one machine; --after=DIR replaces
// this checkout. --full adds the default-budget runs at every
// scale (minutes each); --quick is 1× only, once, without them. "collect" is the first request to
// the last (+ one latency) as the sandbox saw them; "wall" is the audit's own clock (baseline load
// to report) or the SDK script's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startCloudSandbox } from "../sandbox/index.ts";
import {
  ACCOUNTS,
  ACL_ENTRIES,
  type BenchEstate,
  benchEstate,
  USERS,
} from "./collection-estate.ts";
import { median, mib, type Row, secs, summarise } from "./collection-report.ts";
import { type ChildResult, runAudit, runSdkScript } from "./collection-run.ts";
import type { Bench } from "./types.ts";

const LATENCY_MS = 50;
const DEFAULT_QPS = 5;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    options: {
      scales: { type: "string" },
      repeat: { type: "string" },
      full: { type: "boolean" },
      quick: { type: "boolean" },
      before: { type: "string" },
      after: { type: "string" },
      concurrency: { type: "string" },
    },
  });
  const quick = values.quick === true;
  return {
    scales: String(values.scales ?? (quick ? "1" : "1,4"))
      .split(",")
      .map(Number),
    repeat: Number(values.repeat ?? (quick ? 1 : 3)),
    full: values.full === true,
    quick,
    before: typeof values.before === "string" ? resolve(values.before) : undefined,
    /** RMQ_DRIFT_CONCURRENCY for the unthrottled runs (default: rmq-drift's own default). */
    concurrency: typeof values.concurrency === "string" ? values.concurrency : undefined,
    after: resolve(
      typeof values.after === "string" ? values.after : join(import.meta.dirname, ".."),
    ),
  };
}

/**
 * Requests a full audit needs with one pass per listing: GetInstance + the one-page
 * ListInstanceIpWhitelist + account and ACL pages; ShowInstance + user pages.
 */
function singlePassRequests(estate: BenchEstate["estate"]) {
  const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
  const alibaba = estate.alibaba.instances
    .map((i) => 2 + pages(i.accounts.length, 100) + pages(i.acls.length, 100))
    .reduce((a, b) => a + b, 0);
  const huawei = estate.huawei.instances
    .map((i) => 1 + pages(i.users.length, 50))
    .reduce((a, b) => a + b, 0);
  return { alibaba, huawei };
}

interface Counter {
  requests(): number;
  /** Arrival times of the first and last request since `reset`. */
  span(): { first: number; last: number };
  reset(): void;
}

async function measure(
  label: string,
  times: number,
  counter: Counter,
  once: () => Promise<ChildResult>,
): Promise<Row> {
  const runs: Array<ChildResult & { requests: number; collectMs: number }> = [];
  for (let i = 0; i < times; i++) {
    const before = counter.requests();
    counter.reset();
    const result = await once();
    const { first, last } = counter.span();
    runs.push({
      ...result,
      requests: counter.requests() - before,
      collectMs: last - first + LATENCY_MS,
    });
  }
  const row: Row = {
    label,
    collectMs: median(runs.map((r) => r.collectMs)),
    wallMs: median(runs.map((r) => r.wallMs)),
    requests: median(runs.map((r) => r.requests)),
    maxRssKiB: median(runs.map((r) => r.maxRssKiB)),
    findings: runs[0]?.findings,
  };
  console.log(
    `  ${label.padEnd(44)} ${secs(row.collectMs).padStart(9)} ${secs(row.wallMs).padStart(9)} ${String(row.requests).padStart(7)} ${mib(row.maxRssKiB).padStart(8)}` +
      (times > 1
        ? `  (collection, median of ${times}: ${runs.map((r) => secs(r.collectMs)).join(", ")})`
        : ""),
  );
  return row;
}

async function benchScale(scale: number, opts: ReturnType<typeof options>) {
  const built = benchEstate(scale, LATENCY_MS);
  const work = mkdtempSync(join(tmpdir(), "rmq-drift-bench-"));
  const baselineFile = join(work, "baseline.yaml");
  writeFileSync(baselineFile, JSON.stringify(built.baseline));
  const sandbox = await startCloudSandbox({ estate: built.estate });
  let span = { first: 0, last: 0 };
  const stamp = () => {
    const t = performance.now();
    if (span.first === 0) span.first = t;
    span.last = t;
  };
  sandbox.alibaba.onRequest = stamp;
  sandbox.huawei.onRequest = stamp;
  const counter: Counter = {
    requests: () => sandbox.alibaba.requests.length + sandbox.huawei.requests.length,
    span: () => span,
    reset: () => {
      span = { first: 0, last: 0 };
    },
  };
  const pass = singlePassRequests(built.estate);
  console.log(
    `\n${scale}×: ${built.alibabaInstances.length} Alibaba instances × ${ACCOUNTS} accounts × ${ACL_ENTRIES} ACL entries, ` +
      `${built.huaweiInstances.length} Huawei × ${USERS} users, ${LATENCY_MS} ms latency; ` +
      `single pass = ${pass.alibaba} + ${pass.huawei} requests`,
  );
  console.log(
    `  ${"case".padEnd(44)} ${"collect".padStart(9)} ${"wall".padStart(9)} ${"req".padStart(7)} ${"peak RSS".padStart(8)}`,
  );
  try {
    const sdk = await measure("SDK script (unthrottled)", opts.repeat, counter, () =>
      runSdkScript(sandbox.url, { alibaba: built.alibabaInstances, huawei: built.huaweiInstances }),
    );
    const codes: Array<[string, string]> = [["after", opts.after]];
    if (opts.before) codes.unshift(["before", opts.before]);
    const rows = new Map<string, Row>();
    for (const [name, checkout] of codes) {
      const audit = (outDir: string, unthrottled: boolean) => () =>
        runAudit({
          checkout,
          sandboxUrl: sandbox.url,
          baselineFile,
          outDir,
          unthrottled,
          env: unthrottled && opts.concurrency ? { RMQ_DRIFT_CONCURRENCY: opts.concurrency } : {},
        });
      const fresh = () => {
        const dir = join(work, `${name}-${Math.random().toString(36).slice(2)}`);
        mkdirSync(dir);
        return dir;
      };
      let history = "";
      const first = await measure(
        `rmq-drift ${name}: first run, unthrottled`,
        opts.repeat,
        counter,
        () => {
          history = fresh();
          return audit(history, true)();
        },
      );
      rows.set(`${name}/first`, first);
      rows.set(
        `${name}/steady-u`,
        await measure(
          `rmq-drift ${name}: steady, unthrottled`,
          opts.repeat,
          counter,
          audit(history, true),
        ),
      );
      if (!opts.quick && (scale === 1 || opts.full)) {
        rows.set(
          `${name}/steady-d`,
          await measure(
            `rmq-drift ${name}: steady, default budget`,
            1,
            counter,
            audit(history, false),
          ),
        );
      }
      if (opts.full) {
        rows.set(
          `${name}/first-d`,
          await measure(
            `rmq-drift ${name}: first run, default budget`,
            1,
            counter,
            audit(fresh(), false),
          ),
        );
      }
    }
    summarise(scale, sdk, rows, pass, DEFAULT_QPS);
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: "collection: rmq-drift vs the official SDK over the sandbox",
  async run() {
    const opts = options();
    for (const scale of opts.scales) await benchScale(scale, opts);
  },
};
