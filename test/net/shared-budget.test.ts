// Connections opened with one budget scope (one configuration, i.e. one process's runs) share the
// cloud account's request budget: two overlapping runs together stay within its concurrency.
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
async function peakOfTwoRuns(scopes: [object | undefined, object | undefined]): Promise<number> {
  peak = 0;
  const runs = scopes.map((budgetScope) =>
    openApiConnection("alibaba", { qps: 1_000, concurrency: 2, budgetScope }),
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
  it("holds two runs of one configuration to the account's concurrency together", async () => {
    const config = {};
    expect(await peakOfTwoRuns([config, config])).toBe(2);
    expect(await peakOfTwoRuns([{}, {}])).toBe(4);
  });
});
