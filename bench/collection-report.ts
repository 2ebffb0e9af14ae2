// The collection bench's figures: one row per case, and the ratios the targets are about.
import { ACL_ENTRIES, INSTANCES_PER_CLOUD } from "./collection-estate.ts";

export interface Row {
  label: string;
  /** First request's arrival to the last one's, plus one latency: the reads themselves. */
  collectMs: number;
  wallMs: number;
  requests: number;
  maxRssKiB: number;
  findings?: string[];
}

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
export const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function summarise(
  scale: number,
  sdk: Row,
  rows: Map<string, Row>,
  pass: { alibaba: number; huawei: number },
  qps: number,
) {
  // The clouds have separate budgets, so the slower of the two bounds the run.
  const bound = Math.max(pass.alibaba, pass.huawei) / qps;
  // Point reads of the drifted principals: 2 accounts × (GetInstanceAccount + 10 GetInstanceAcl)
  // per Alibaba instance, 1 ShowUser per Huawei instance.
  const n = INSTANCES_PER_CLOUD * scale;
  const pointReads = n * 2 * (1 + ACL_ENTRIES) + n;
  for (const name of ["before", "after"]) {
    const first = rows.get(`${name}/first`);
    const steady = rows.get(`${name}/steady-u`);
    if (!first || !steady) continue;
    const parts = [
      `${name}: unthrottled steady / SDK = ${(steady.collectMs / sdk.collectMs).toFixed(2)}× collection (${(steady.wallMs / sdk.wallMs).toFixed(2)}× wall)`,
      `confirmation calls = ${first.requests - steady.requests} (point reads of the drifted principals: ${pointReads})`,
    ];
    const d = rows.get(`${name}/steady-d`);
    if (d)
      parts.push(
        `default-budget steady collection / (single-pass requests ÷ QPS = ${bound.toFixed(1)} s) = ${(d.collectMs / 1000 / bound).toFixed(3)}×`,
      );
    console.log(`  ${scale}× ${parts.join("; ")}`);
  }
  const before = rows.get("before/first");
  const after = rows.get("after/first");
  if (before && after) {
    const same = JSON.stringify(before.findings) === JSON.stringify(after.findings);
    console.log(
      `  ${scale}× findings before vs after: ${same ? "identical" : "DIFFERENT"} (${after.findings?.length} findings)`,
    );
    for (const key of ["first", "steady-u", "steady-d", "first-d"]) {
      const b = rows.get(`before/${key}`);
      const a = rows.get(`after/${key}`);
      if (!a || !b) continue;
      console.log(
        `  ${scale}× ${key}: collection ${secs(b.collectMs)} → ${secs(a.collectMs)} (${(b.collectMs / a.collectMs).toFixed(2)}× faster), ` +
          `wall ${secs(b.wallMs)} → ${secs(a.wallMs)}, requests ${b.requests} → ${a.requests}, ` +
          `peak RSS ${mib(b.maxRssKiB)} → ${mib(a.maxRssKiB)}`,
      );
    }
  }
}
