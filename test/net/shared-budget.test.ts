// Connections naming one cloud account (one process's runs against it) share the account's
// process-wide request budget: two overlapping runs together stay within its concurrency.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiConnection } from "../../shared/net/api-call.ts";

let server: Server;
let base: string;
let inFlight = 0;
let peak = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    }, 30);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Two "runs", each with its own connection, sending 4 requests each at once; the peak in flight. */
async function peakOfTwoRuns(accounts: [string, string]): Promise<number> {
  peak = 0;
  const runs = accounts.map((budgetKey) =>
    openApiConnection("alibaba", { qps: 1_000, concurrency: 2, budgetKey }),
  );
  const call = {
    call: "Test",
    build: () => ({ method: "GET" as const, url: new URL(base), headers: {} }),
    parse: () => null,
  };
  await Promise.all(runs.flatMap((r) => [1, 2, 3, 4].map(() => r.executor.execute(call))));
  await Promise.all(runs.map((r) => r.close()));
  return peak;
}

describe("shared request budget", () => {
  it("holds two runs against one account to the account's concurrency together", async () => {
    expect(await peakOfTwoRuns(["shared-budget-test:a", "shared-budget-test:a"])).toBe(2);
    expect(await peakOfTwoRuns(["shared-budget-test:b", "shared-budget-test:c"])).toBe(4);
  });
});
