// One baseline bench measurement in a fresh process, so that peak RSS is this case's own:
// `tsx bench/baseline-worker.ts PRINCIPALS PER_TARGET [broken]` prints one JSON line.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBaselineFile } from "../shared/baseline/load.ts";
import { baselineYaml, millionGrantsYaml } from "./baseline-estate.ts";

const [principals = 0, perTarget = 1000] = process.argv.slice(2, 4).map(Number);
const broken = process.argv[4] === "broken";
// PRINCIPALS 0: the ~1,000,000-grant estate of the drift-engine bench instead.
const dir = await mkdtemp(join(tmpdir(), "rmq-drift-bench-"));
try {
  const path = join(dir, "baseline.yaml");
  const text = principals === 0 ? millionGrantsYaml() : baselineYaml(principals, perTarget, broken);
  await writeFile(path, text);
  const rssBefore = process.resourceUsage().maxRSS;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let outcome = "valid";
  try {
    await loadBaselineFile(path);
  } catch (err) {
    const [first = "", second = ""] = String((err as Error).message).split("\n");
    outcome = `refused: ${second ? `${first} — ${second.replace(/^\S+\s+/, "")}` : first}`;
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      principals,
      perTarget,
      mb: text.length / 1e6,
      wallMs: performance.now() - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBeforeMiB: rssBefore / 1024,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      outcome,
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
