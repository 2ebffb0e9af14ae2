// Run ids name a run and, through its UTC timestamp, where the run's objects live (DESIGN.md §7), so
// `GET /reports/{runId}` finds a run without listing the store.
import { randomInt } from "node:crypto";
import { RequestError } from "../errors.ts";

const RUN_ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{6}$/;
const SUFFIX_SPACE = 0x1000000; // 6 hex digits

/** Uniform in [0, 1), like `Math.random`; injected so tests get fixed ids. */
export type RandomSource = () => number;

const cryptoRandom: RandomSource = () => randomInt(SUFFIX_SPACE) / SUFFIX_SPACE;

/** `20261125T030000Z-3f9a2c`: UTC start time to the second, then 24 random bits. */
export function newRunId(now: Date, random: RandomSource = cryptoRandom): string {
  if (Number.isNaN(now.getTime())) throw new RangeError("newRunId: invalid date");
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`newRunId: random source returned ${r}, not [0, 1)`);
  const suffix = Math.floor(r * SUFFIX_SPACE)
    .toString(16)
    .padStart(6, "0");
  return `${stamp}-${suffix}`;
}

export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}

/**
 * `runs/2026/11/25/20261125T030000Z-3f9a2c`, relative to the store prefix. The id is checked strictly
 * because it often arrives from an HTTP path: nothing else may reach a storage key.
 */
export function runPrefixFromId(runId: string): string {
  const m = RUN_ID.exec(runId);
  if (!m)
    throw new RequestError(
      `not a run id: ${JSON.stringify(runId)} (expected yyyyMMddTHHmmssZ-xxxxxx)`,
    );
  const [, yyyy, mm, dd] = m;
  return `runs/${yyyy}/${mm}/${dd}/${runId}`;
}
