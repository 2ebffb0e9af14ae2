// Baseline validation (what `validate` and every audit do first): wall and CPU time and peak RSS for
// 40,000 and 80,000 principals (Alibaba accounts and Huawei users, two grants each) in targets of
// 1,000, 80,000 in a single target, 40,000 with one invalid value (the positioned re-parse that
// reports it with its line), 80,000 with one (above the positioned size: named by path only), and
// the drift-engine bench's ~1,000,000 grants (PRINCIPALS 0), and a file above the size limit. Each case runs in its own process
// (see baseline-worker.ts) so that peak RSS is not inherited from the case before.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Bench } from "./types.ts";

const run = promisify(execFile);

const CASES: Array<[principals: number, perTarget: number, broken?: "broken"]> = [
  [40_000, 1000],
  [80_000, 1000],
  [80_000, 80_000],
  [40_000, 1000, "broken"],
  [80_000, 1000, "broken"],
  [0, 0],
  [600_000, 1000],
];

interface Figures {
  principals: number;
  perTarget: number;
  mb: number;
  wallMs: number;
  cpuMs: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  outcome: string;
}

export const bench: Bench = {
  name: "baseline: validate 40k / 80k principals",
  async run() {
    for (const [principals, perTarget, broken = ""] of CASES) {
      const args = ["--import", "tsx", "bench/baseline-worker.ts", `${principals}`, `${perTarget}`];
      if (broken) args.push(broken);
      const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20 });
      const f = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Figures;
      const what =
        f.principals === 0
          ? "~1,000,000 grants (engine bench shape"
          : `${f.principals.toLocaleString("en")} principals (${f.perTarget.toLocaleString("en")} per target`;
      console.log(
        `${what}, ${broken ? "one invalid value, " : ""}` +
          `${f.mb.toFixed(1)} MB): wall ${(f.wallMs / 1000).toFixed(2)} s, cpu ${(f.cpuMs / 1000).toFixed(2)} s, ` +
          `peak RSS ${f.peakRssMiB.toFixed(0)} MiB (${f.rssBeforeMiB.toFixed(0)} MiB before parsing); ${f.outcome}`,
      );
    }
  },
};
