// The collector end to end against the stand-in: the seed's estate, every fault kind, principal
// filtering, endpoint precedence, and the shared budget slowing down under throttling.

import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { FaultRule } from "../../../sandbox/faults.ts";
import type { HuaweiFaultRule, HuaweiSeedInput } from "../../../sandbox/huawei.ts";
import { defaultEndpoint } from "../../../shared/providers/huawei/endpoint.ts";
import type { HuaweiTargetOk } from "../../../shared/providers/huawei/target.ts";
import {
  AK,
  collectorFor,
  type HuaweiStandIn,
  INSTANCE,
  OTHER_INSTANCE,
  PROJECT,
  seedWith,
  startStandIn,
  target,
  user,
  users,
} from "./helpers.ts";

let standIn: HuaweiStandIn | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await standIn?.close();
  standIn = undefined;
});

async function collectWith(faults: FaultRule[], overrides = {}, seed = seedWith(users(57))) {
  standIn = await startStandIn(seed, faults);
  const { collector, clock } = collectorFor(standIn.url, overrides);
  closers.push(() => collector.close());
  const result = await collector.collect(target());
  return { result, clock, calls: standIn.route.requests.map((r) => r.call) };
}

const okUsers = (t: { status: string }) => (t as HuaweiTargetOk).users;

describe("live collection matches the seed's estate", () => {
  it("collects the fixture estate exactly (perms normalised, whitelists verbatim)", async () => {
    const seed = JSON.parse(
      readFileSync(new URL("../../../sandbox/fixtures/huawei-seed.json", import.meta.url), "utf8"),
    ) as HuaweiSeedInput;
    standIn = await startStandIn(seed);
    const { collector } = collectorFor(standIn.url, { credentials: seed.credentials[0] });
    closers.push(() => collector.close());
    const first = await collector.collect(target());
    expect(first.target).toEqual({
      provider: "huawei",
      region: "cn-north-4",
      projectId: PROJECT,
      instanceId: INSTANCE,
      status: "ok",
      error: null,
      instance: { aclEnabled: true },
      users: [
        {
          accessKey: "billing-consumer",
          admin: false,
          whitelist: "192.168.1.{10,11}",
          defaultTopicPerm: "DENY",
          defaultGroupPerm: "DENY",
          topicPerms: [
            { name: "invoices", perm: "SUB" },
            { name: "payments", perm: "PUB|SUB" },
          ],
          groupPerms: [{ name: "GID_billing", perm: "SUB" }],
        },
        {
          accessKey: "ops-admin",
          admin: true,
          whitelist: "10.0.0.*",
          defaultTopicPerm: "PUB|SUB",
          defaultGroupPerm: "SUB",
          topicPerms: [],
          groupPerms: [],
        },
        {
          accessKey: "test_01",
          admin: false,
          whitelist: "",
          defaultTopicPerm: "SUB",
          defaultGroupPerm: "DENY",
          topicPerms: [{ name: "orders", perm: "PUB|SUB" }],
          groupPerms: [{ name: "GID_orders", perm: "SUB" }],
        },
      ],
    });
    expect(first.apiCalls).toBe(2);
    const second = await collector.collect(target({ instanceId: OTHER_INSTANCE }));
    expect(second.target).toMatchObject({ status: "ok", instance: { aclEnabled: false } });
    expect(okUsers(second.target).map((u) => [u.accessKey, u.whitelist])).toEqual([
      ["analytics_rw", "*"],
    ]);
    const third = await collector.collect(
      target({
        projectId: "fedcba9876543210fedcba9876543210",
        instanceId: "33333333-4444-5555-6666-777777777777",
      }),
    );
    expect(third.target).toMatchObject({ status: "ok", users: [], instance: { aclEnabled: true } });
    const listed = await collector.listInstances("cn-north-4", PROJECT);
    expect(listed.map((i) => i.name).sort()).toEqual(["analytics-dev", "orders-prod"]);
  });
});

describe("faults", () => {
  it("throttle (429 APIG.0308) is retried after the Retry-After wait", async () => {
    const { result, clock, calls } = await collectWith([
      { kind: "throttle", call: "ListUser", times: 1, retryAfterSeconds: 3 },
    ]);
    expect(okUsers(result.target)).toHaveLength(57);
    expect(clock.waits).toEqual([3000]);
    // Two pages, the first retried once, then page 1 again: the end check of the listing.
    expect(calls).toEqual(["ShowInstance", ...Array<string>(4).fill("ListUser")]);
    expect(result.apiCalls).toBe(5);
  });

  it.each([
    ["DMS.10240407", 404],
    ["DMS.111501025", 503],
    ["DMS.00400973", 400],
  ] as const)("flow control %s (HTTP %i) is retried with backoff", async (code, status) => {
    const rule: HuaweiFaultRule = { kind: "throttle", code, call: "ShowInstance", times: 2 };
    const noRetry = { retry: { retries: 0, baseDelayMs: 200, maxDelayMs: 8000 } };
    const { result: refused } = await collectWith([rule], noRetry);
    expect(refused.target).toMatchObject({ status: "error", error: { code, httpStatus: status } });
    const { collector, clock } = collectorFor(standIn?.url ?? "");
    closers.push(() => collector.close());
    const result = await collector.collect(target());
    expect(result.target.status).toBe("ok");
    expect(clock.waits).toEqual([200]);
    // ShowInstance twice, then two ListUser pages and the end check.
    expect(result.apiCalls).toBe(5);
  });

  it("flow control honours a Retry-After on a DMS code too", async () => {
    const rule: HuaweiFaultRule = {
      kind: "throttle",
      code: "DMS.10240407",
      call: "ListUser",
      times: 1,
      retryAfterSeconds: 2,
    };
    const { result, clock } = await collectWith([rule]);
    expect(result.target.status).toBe("ok");
    expect(clock.waits).toEqual([2000]);
  });

  it.each([["server-error"], ["reset"], ["malformed"]] as const)(
    "%s once is retried and the collection completes",
    async (kind) => {
      const { result, calls } = await collectWith([{ kind, call: "ListUser", times: 1 }]);
      expect(okUsers(result.target)).toHaveLength(57);
      expect(new Set(okUsers(result.target).map((u) => u.accessKey)).size).toBe(57);
      // Two pages and the end check, plus the retried one.
      expect(calls.filter((c) => c === "ListUser")).toHaveLength(4);
    },
  );

  it("a timeout (short timeoutMs) is retried", async () => {
    const { result } = await collectWith([{ kind: "timeout", call: "ShowInstance", times: 1 }], {
      timeoutMs: 150,
    });
    expect(result.target.status).toBe("ok");
    expect(result.apiCalls).toBe(5);
  });

  it("a body that is never valid JSON ends in MalformedResponse", async () => {
    const { result } = await collectWith([{ kind: "malformed", call: "ShowInstance" }]);
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "MalformedResponse", call: "ShowInstance", httpStatus: 200 },
    });
    expect(result.apiCalls).toBe(5);
  });

  it("a dead instance ends status error after the retries, with call and request id", async () => {
    const { result } = await collectWith([{ kind: "server-error", instanceId: INSTANCE }]);
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "DMS.00500000", httpStatus: 500, call: "ShowInstance" },
    });
    expect(result.target.status === "error" && result.target.error.requestId).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(result.apiCalls).toBe(5);
  });

  it("an auth error is not retried: exactly one request", async () => {
    standIn = await startStandIn(seedWith(users(3)));
    const { collector, clock } = collectorFor(standIn.url, {
      credentials: { ak: AK, sk: "nope" },
    });
    closers.push(() => collector.close());
    const result = await collector.collect(target());
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "APIGW.0301", httpStatus: 401 },
    });
    expect(result.apiCalls).toBe(1);
    expect(standIn.route.requests).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it("an unknown instance ends status error with DMS.00404022, not retried", async () => {
    standIn = await startStandIn(seedWith([]));
    const { collector } = collectorFor(standIn.url);
    closers.push(() => collector.close());
    const missing = await collector.collect(
      target({ instanceId: "99999999-9999-9999-9999-999999999999" }),
    );
    expect(missing).toMatchObject({
      apiCalls: 1,
      target: {
        status: "error",
        error: { code: "DMS.00404022", httpStatus: 404, call: "ShowInstance" },
      },
    });
  });
});

describe("principal filter", () => {
  it("reads the baseline users a glob names with ShowUser only", async () => {
    standIn = await startStandIn(seedWith([user("test_01"), user("test_02"), user("ops_admin")]));
    const { collector } = collectorFor(standIn.url);
    closers.push(() => collector.close());
    const result = await collector.collect(
      target({ users: { test_01: {}, ops_admin: {}, test_ghost: {} } }),
      { principals: ["test_*"] },
    );
    expect(okUsers(result.target).map((u) => u.accessKey)).toEqual(["test_01"]);
    const calls = standIn.route.requests.map((r) => r.call);
    expect(calls.sort()).toEqual(["ShowInstance", "ShowUser", "ShowUser"]);
  });

  it("a confirmation re-read keeps the listed aclEnabled and sends ShowUser only", async () => {
    standIn = await startStandIn(seedWith([user("test_01"), user("ops_admin")]));
    const { collector } = collectorFor(standIn.url);
    closers.push(() => collector.close());
    const listing = await collector.collect(target());
    const before = standIn.route.requests.length;
    const again = await collector.collect(target({ users: { test_01: {} } }), {
      principals: ["test_01"],
      listed: listing.target,
    });
    expect(standIn.route.requests.slice(before).map((r) => r.call)).toEqual(["ShowUser"]);
    expect(again.target).toMatchObject({ status: "ok", instance: { aclEnabled: true } });
  });
});

describe("endpoints and budget", () => {
  it("target.endpoint wins over the override; the default follows the region", async () => {
    standIn = await startStandIn(seedWith(users(2)));
    const { collector } = collectorFor("http://127.0.0.1:1", {
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    closers.push(() => collector.close());
    const viaTarget = await collector.collect(target({ endpoint: standIn.url }));
    expect(viaTarget.target.status).toBe("ok");
    const viaOverride = await collector.collect(target());
    expect(viaOverride.target).toMatchObject({ status: "error", error: { code: "NetworkError" } });
    expect(defaultEndpoint("cn-north-4")).toBe("https://dms.cn-north-4.myhuaweicloud.com");
    expect(defaultEndpoint("eu-west-101")).toBe("https://dms.eu-west-101.myhuaweicloud.eu");
  });

  it("a region id that is not one refuses to build a host name", async () => {
    const { collector } = collectorFor("unused", { endpointOverride: undefined });
    closers.push(() => collector.close());
    const result = await collector.collect(target({ region: "evil.example/x" }));
    expect(result).toMatchObject({
      apiCalls: 0,
      target: { status: "error", error: { code: "InvalidRegion" } },
    });
  });

  it("a throttled call pauses the whole account's budget, other targets included", async () => {
    standIn = await startStandIn(seedWith(users(2)), [
      {
        kind: "throttle",
        instanceId: INSTANCE,
        call: "ShowInstance",
        times: 1,
        retryAfterSeconds: 1,
      },
    ]);
    const arrivals: Array<{ instanceId?: string; at: number }> = [];
    const route = standIn.route;
    const handle = route.handle.bind(route);
    route.handle = (req, res, url) => {
      arrivals.push({ instanceId: url.pathname.split("/")[4], at: performance.now() });
      return handle(req, res, url);
    };
    // Real clock: the pause is the budget's own wait, not the retry's.
    const { collector } = collectorFor(standIn.url, {
      sleep: undefined,
      budgetClock: undefined,
      random: () => 0,
    });
    closers.push(() => collector.close());
    const first = collector.collect(target());
    while (arrivals.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    const second = await collector.collect(target({ instanceId: OTHER_INSTANCE }));
    expect((await first).target.status).toBe("ok");
    expect(second.target.status).toBe("ok");
    const throttledAt = arrivals[0]?.at ?? 0;
    const otherFirst = arrivals.find((a) => a.instanceId === OTHER_INSTANCE)?.at ?? 0;
    expect(otherFirst - throttledAt).toBeGreaterThanOrEqual(900);
  });
});
