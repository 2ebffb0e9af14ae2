// Secret canary: every user's secret_key is a planted marker. Whatever the path — normal, targeted,
// retried, failed — the marker must appear in no result, error (cause chain and stack included)
// or log line, even at debug level.
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { FaultRule } from "../../../sandbox/faults.ts";
import type { HuaweiSeedUser } from "../../../sandbox/huawei-seed.ts";
import { createJsonLogger } from "../../../shared/log/logger.ts";
import { createApiExecutor } from "../../../shared/net/api-call.ts";
import { createRequestBudget } from "../../../shared/net/limit.ts";
import { createHttpTransport } from "../../../shared/net/transport.ts";
import { createHuaweiClient } from "../../../shared/providers/huawei/client.ts";
import {
  AK,
  collectorFor,
  type HuaweiStandIn,
  INSTANCE,
  PROJECT,
  SK,
  seedWith,
  startStandIn,
  target,
  user,
  virtualClock,
} from "./helpers.ts";

const CANARY = `CANARY-HW-SK-${randomUUID()}`;
const lines: string[] = [];
const logger = createJsonLogger({ level: "debug", write: (l) => lines.push(l) });
const dumps: string[] = [];

let standIn: HuaweiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function canaryUsers(count: number, extra: Partial<HuaweiSeedUser> = {}): HuaweiSeedUser[] {
  return Array.from({ length: count }, (_, i) =>
    user(`app_${String(i).padStart(2, "0")}`, { secret_key: `${CANARY}-${i}`, ...extra }),
  );
}

function dumpError(err: unknown): string {
  const chain: unknown[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 10; e = e.cause) {
    chain.push({ name: e.name, message: e.message, stack: e.stack, own: { ...e } });
  }
  return `${JSON.stringify(chain)}\n${inspect(err, { depth: 20, showHidden: true })}`;
}

async function collectAll(
  seedUsers: HuaweiSeedUser[],
  faults: FaultRule[] = [],
  principals?: string[],
) {
  standIn = await startStandIn(seedWith(seedUsers), faults);
  const { collector } = collectorFor(standIn.url, { logger, timeoutMs: 200 });
  const baselineUsers = Object.fromEntries(seedUsers.map((u) => [u.access_key, {}]));
  const result = await collector.collect(target({ users: baselineUsers }), { logger, principals });
  await collector.close();
  dumps.push(JSON.stringify(result), inspect(result, { depth: 20 }));
  return result;
}

describe("secret canary (Huawei)", () => {
  it("normal collection over two pages", async () => {
    const result = await collectAll(canaryUsers(57));
    expect(result.target.status).toBe("ok");
  });

  it("principal-filtered collection (ShowUser)", async () => {
    const result = await collectAll(canaryUsers(5), [], ["app_0*"]);
    expect(result.target.status).toBe("ok");
  });

  it.each([
    ["throttle", 1],
    ["server-error", 1],
    ["reset", 1],
    ["timeout", 1],
    ["malformed", 1],
    ["malformed", undefined],
    ["server-error", undefined],
  ] as const)("fault %s (times %s) on ListUser and ShowUser", async (kind, times) => {
    await collectAll(canaryUsers(57), [{ kind, call: "ListUser", times }]);
    await collectAll(canaryUsers(3), [{ kind, call: "ShowUser", times }], ["app_*"]);
  });

  it("error paths: unknown perm, wrong secret, unknown instance", async () => {
    const bad = await collectAll([
      ...canaryUsers(4),
      user("odd", { secret_key: CANARY, default_topic_perm: "ALL" }),
    ]);
    expect(bad.target).toMatchObject({ status: "error", error: { code: "MalformedResponse" } });
    standIn = await startStandIn(seedWith(canaryUsers(2)));
    const cases: Array<[string, string]> = [
      ["wrong", INSTANCE],
      [SK, "99999999-9999-9999-9999-999999999999"],
    ];
    for (const [sk, instanceId] of cases) {
      const { collector } = collectorFor(standIn.url, { logger, credentials: { ak: AK, sk } });
      dumps.push(JSON.stringify(await collector.collect(target({ instanceId }), { logger })));
      await collector.close();
    }
  });

  it("errors thrown by the client itself carry no secret", async () => {
    standIn = await startStandIn(
      seedWith([
        ...canaryUsers(3),
        user("odd", { secret_key: CANARY, group_perms: [{ name: "g", perm: "x" }] }),
      ]),
      [{ kind: "malformed", call: "ShowUser" }],
    );
    const clock = virtualClock();
    const transport = createHttpTransport();
    const executor = createApiExecutor({
      provider: "huawei",
      transport,
      budget: createRequestBudget({
        qps: 1000,
        concurrency: 2,
        now: clock.now,
        sleep: clock.sleep,
      }),
      sleep: clock.sleep,
      logger,
    });
    const client = createHuaweiClient({ executor, credentials: { ak: AK, sk: SK } });
    const loc = { endpoint: standIn.url, projectId: PROJECT };
    for (const run of [
      () => client.listUsers(loc, INSTANCE),
      () => client.showUser(loc, INSTANCE, "app_00"),
    ]) {
      const err = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      dumps.push(dumpError(err));
    }
    await transport.close();
  });

  it("the canary appears in no result, error or log line", () => {
    expect(lines.some((l) => JSON.parse(l).level === "debug")).toBe(true);
    expect(dumps.length).toBeGreaterThan(20);
    const leaks = [...lines, ...dumps].filter((text) => text.includes("CANARY-HW-SK"));
    expect(leaks).toEqual([]);
  });
});
