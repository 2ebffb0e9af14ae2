// Preloaded (`node --import`) into the bench's rmq-drift child processes: writes the process's peak
// RSS to $RMQ_DRIFT_BENCH_RSS_FILE as it exits, whatever version of rmq-drift the child runs.
import { writeFileSync } from "node:fs";

const file = process.env.RMQ_DRIFT_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
