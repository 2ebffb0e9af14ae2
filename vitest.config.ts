import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most tests wait on sockets and child processes, not the CPU: one fork per core keeps both
    // cores of a 2-core machine busy (Vitest's default of cores − 1 leaves one fork there; the suite
    // took 283 s that way and 135 s with two).
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
