// The collector against the stand-in: a live collection equals the snapshot the seed describes,
// the fewest calls, orphans, fail-closed enumerations, `--principal` point reads, endpoints.

import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type AlibabaSeed, AlibabaSeedSchema } from "../../../sandbox/alibaba.ts";
import type { Acl2Principal } from "../../../shared/model/acl2.ts";
import { toInstance } from "../../../shared/providers/alibaba/map.ts";
import type { SnapshotTarget } from "../../../shared/providers/index.ts";
import {
  accountsOf,
  acl,
  capturingLogger,
  collectorFor,
  INSTANCE,
  instanceSeed,
  REGION,
  type Stand,
  seedWith,
  startStandIn,
  target,
} from "./helpers.ts";

let stand: Stand | undefined;
afterEach(async () => {
  await stand?.sandbox.close();
  stand = undefined;
});

/** What the seed says the snapshot must hold, written independently of the collector's mapping. */
function describedBySeed(seed: AlibabaSeed, instanceId: string): SnapshotTarget {
  const i = seed.instances.find((x) => x.instanceId === instanceId);
  if (!i) throw new Error(`no ${instanceId} in seed`);
  const accounts = new Map<string, Acl2Principal>();
  for (const a of i.accounts) {
    accounts.set(a.username, {
      username: a.username,
      status: a.accountStatus as "ENABLE",
      accountType: a.accountType,
      acls: [],
    });
  }
  for (const e of i.acls) {
    if (!accounts.has(e.username)) {
      accounts.set(e.username, {
        username: e.username,
        status: "DISABLE",
        accountType: "ORPHAN",
        acls: [],
      });
    }
    accounts.get(e.username)?.acls.push({
      resource: `${e.resourceType}:${e.resourceName}`,
      decision: e.decision as "Allow",
      actions: e.actions,
      ipWhitelists: e.ipWhitelists,
    });
  }
  const byName = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const sorted = [...accounts.values()].sort((x, y) => byName(x.username, y.username));
  for (const a of sorted) a.acls.sort((x, y) => byName(x.resource, y.resource));
  return {
    provider: "alibaba",
    region: i.regionId,
    instanceId,
    status: "ok",
    error: null,
    instance: {
      ...(i.aclTypes === undefined ? {} : { aclTypes: i.aclTypes }),
      ...(i.vpcAuthFree === undefined ? {} : { vpcAuthFree: i.vpcAuthFree }),
      internetWhitelist: i.internetWhitelist,
      accessWhitelist: [...(i.accessWhitelist ?? ["0.0.0.0/0"])].sort(),
    },
    accounts: sorted,
  };
}

describe("full collection", () => {
  it("equals the snapshot target the demo seed describes, for every instance", async () => {
    const seed = AlibabaSeedSchema.parse(
      JSON.parse(
        readFileSync(
          new URL("../../../sandbox/fixtures/alibaba-demo.json", import.meta.url),
          "utf8",
        ),
      ),
    );
    stand = await startStandIn(seed);
    const collector = collectorFor(stand.url, {
      credentials: { accessKeyId: "LTAI5tSandboxDemoKey", accessKeySecret: "sandbox-demo-secret" },
    });
    for (const instance of seed.instances) {
      const result = await collector.collect(
        target(undefined, { instanceId: instance.instanceId }),
      );
      expect(result.target).toEqual(describedBySeed(seed, instance.instanceId));
    }
    await collector.close();
  });

  it("a typical instance (120 accounts, 900 ACL entries) costs 15 requests at the default page size", async () => {
    const accounts = Array.from({ length: 120 }, (_, n) => ({
      username: `svc-${n}`,
      password: "pw",
      accountType: "CUSTOMER",
      accountStatus: "ENABLE",
    }));
    const acls = Array.from({ length: 900 }, (_, n) =>
      acl(`svc-${n % 120}`, "Topic", `topic-${n}`, ["Pub"]),
    );
    const seed = seedWith([instanceSeed({ accounts, acls })]);
    stand = await startStandIn(seed);
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined));
    await collector.close();
    expect(result.target).toEqual(describedBySeed(seed, INSTANCE));
    // GetInstance + 1 whitelist page + 2 account pages + 9 ACL pages, each multi-page listing
    // then re-reading its page 1 (its end check, see consistent-listing.ts).
    expect(result.apiCalls).toBe(15);
  });

  it("keeps ACL entries of a username with no account under a disabled ORPHAN account, and warns", async () => {
    const seed = seedWith([
      instanceSeed({ acls: [...instanceSeed().acls, acl("ghost", "Topic", "orders", ["Pub"])] }),
    ]);
    stand = await startStandIn(seed);
    const logger = capturingLogger();
    const collector = collectorFor(stand.url, { logger });
    const result = await collector.collect(target(undefined));
    await collector.close();
    const ghost = accountsOf(result.target).find((a) => a.username === "ghost");
    expect(ghost).toEqual({
      username: "ghost",
      status: "DISABLE",
      accountType: "ORPHAN",
      acls: [{ resource: "Topic:orders", decision: "Allow", actions: ["Pub"], ipWhitelists: [] }],
    });
    expect(
      logger.lines.some(
        (l) => l.includes('"level":"warn"') && l.includes("ORPHAN") && l.includes("ghost"),
      ),
    ).toBe(true);
  });

  it.each([
    [
      "accountStatus",
      {
        accounts: [
          { username: "x", password: "p", accountType: "CUSTOMER", accountStatus: "FROZEN-CANARY" },
        ],
      },
      "ListInstanceAccount",
      "data.list[0].accountStatus",
    ],
    [
      "decision",
      { acls: [acl("app-orders", "Topic", "t", ["Pub"], [], "Maybe-CANARY")] },
      "ListInstanceAcl",
      "data.list[0].decision",
    ],
    [
      "actions",
      { acls: [acl("app-orders", "Topic", "t", ["Admin-CANARY"])] },
      "ListInstanceAcl",
      "data.list[0].actions[0]",
    ],
    [
      "resourceType",
      { acls: [acl("app-orders", "Cluster-CANARY", "t", ["Pub"])] },
      "ListInstanceAcl",
      "data.list[0].resourceType",
    ],
  ])(
    "an unknown %s fails the target closed with MalformedResponse, naming the field, not the value",
    async (_, overrides, call, field) => {
      stand = await startStandIn(seedWith([instanceSeed(overrides)]));
      const collector = collectorFor(stand.url);
      const result = await collector.collect(target(undefined));
      await collector.close();
      expect(result.target).toMatchObject({
        status: "error",
        error: { code: "MalformedResponse", call, httpStatus: 200 },
      });
      expect(result.target.error?.message).toContain(field);
      expect(result.target.error?.requestId).toBeTruthy();
      expect(JSON.stringify(result)).not.toContain("CANARY");
    },
  );
});

describe("endpoints and instances", () => {
  it("a target's own endpoint wins over the override", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    const collector = collectorFor("http://127.0.0.1:9", {
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect((await collector.collect(target(stand.url))).target.status).toBe("ok");
    const viaOverride = await collector.collect(target(undefined));
    expect(viaOverride.target).toMatchObject({
      status: "error",
      error: { code: "NetworkError", httpStatus: null },
    });
    await collector.close();
  });

  it("an unusable region becomes an error target without a request", async () => {
    const collector = collectorFor("http://127.0.0.1:9", { endpointOverride: undefined });
    const result = await collector.collect(
      target(undefined, { region: "cn-hangzhou.evil.example/" }),
    );
    await collector.close();
    expect(result).toMatchObject({
      apiCalls: 0,
      target: { status: "error", error: { code: "InvalidTarget" } },
    });
  });

  it("lists instances of a region", async () => {
    stand = await startStandIn(
      seedWith([instanceSeed(), instanceSeed({ instanceId: "rmq-cn-2" })]),
    );
    const collector = collectorFor(stand.url);
    const list = await collector.listInstances(REGION);
    await collector.close();
    expect(list.map((i) => i.instanceId)).toEqual([INSTANCE, "rmq-cn-2"]);
  });
});

describe("instance mapping", () => {
  it("falls back to the deprecated aclType and the per-endpoint whitelist", () => {
    expect(
      toInstance(
        {
          instanceId: "i",
          aclInfo: { aclType: "default", defaultVpcAuthFree: true },
          networkInfo: { endpoints: [{ endpointType: "TCP_INTERNET", ipWhitelist: ["1.2.3.4"] }] },
        },
        ["10.0.0.0/8"],
      ),
    ).toEqual({
      aclTypes: ["default"],
      vpcAuthFree: true,
      internetWhitelist: ["1.2.3.4"],
      accessWhitelist: ["10.0.0.0/8"],
    });
    expect(
      toInstance({ instanceId: "i", aclInfo: { aclTypes: [], defaultVpcAuthFree: false } }, []),
    ).toEqual({ aclTypes: [], vpcAuthFree: false, internetWhitelist: [], accessWhitelist: [] });
  });

  it("leaves out what GetInstance does not report: no aclInfo, or no defaultVpcAuthFree", () => {
    expect(toInstance({ instanceId: "i" }, ["0.0.0.0/0"])).toEqual({
      internetWhitelist: [],
      accessWhitelist: ["0.0.0.0/0"],
    });
    expect(
      toInstance({ instanceId: "i", aclInfo: { aclTypes: ["apache_acl"] } }, ["0.0.0.0/0"]),
    ).toEqual({ aclTypes: ["apache_acl"], internetWhitelist: [], accessWhitelist: ["0.0.0.0/0"] });
  });
});
