// `--principal` collection: GetInstanceAccount / GetInstanceAcl point reads for the baseline's
// named accounts and entries only; nothing is listed.
import { afterEach, describe, expect, it } from "vitest";
import { gatewayError, serviceError } from "../../../sandbox/alibaba-envelopes.ts";
import { isAbsent } from "../../../shared/providers/alibaba/client.ts";
import { AlibabaApiError } from "../../../shared/providers/alibaba/response.ts";
import {
  accountsOf,
  acl,
  collectorFor,
  instanceSeed,
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

describe("targeted collection (--principal)", () => {
  const baselineAccounts = {
    "app-orders": {
      acls: [
        { resource: "Topic:orders", decision: "Allow" as const },
        { resource: "Group:GID_orders", decision: "Allow" as const },
        { resource: "Topic:not-granted", decision: "Allow" as const },
      ],
    },
    ops: { status: "DISABLE" as const },
    "app-ghost": { acls: [{ resource: "Topic:orders", decision: "Allow" as const }] },
    "app-removed": { acls: [{ resource: "Topic:payments", decision: "Allow" as const }] },
  };

  it("point-reads only the named accounts and entries that match, with no list calls", async () => {
    const base = instanceSeed();
    stand = await startStandIn(
      seedWith([
        { ...base, acls: [...base.acls, acl("app-removed", "Topic", "payments", ["Pub"])] },
      ]),
    );
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["app-*", "nomatch-*"],
    });
    await collector.close();
    const actions = stand?.route.requests.map((r) => r.action).sort();
    expect(actions).toEqual([
      "GetInstance",
      ...Array(3).fill("GetInstanceAccount"),
      ...Array(5).fill("GetInstanceAcl"),
      "ListInstanceIpWhitelist",
    ]);
    expect(result.apiCalls).toBe(10);
    expect(accountsOf(result.target)).toEqual([
      {
        username: "app-orders",
        status: "ENABLE",
        accountType: "UNKNOWN",
        acls: [
          { resource: "Group:GID_orders", decision: "Allow", actions: ["Sub"], ipWhitelists: [] },
          {
            resource: "Topic:orders",
            decision: "Allow",
            actions: ["Pub"],
            ipWhitelists: ["10.0.0.0/8"],
          },
        ],
      },
      {
        username: "app-removed",
        status: "DISABLE",
        accountType: "ORPHAN",
        acls: [
          { resource: "Topic:payments", decision: "Allow", actions: ["Pub"], ipWhitelists: [] },
        ],
      },
    ]);
  });

  it("a confirmation re-read keeps the listed instance settings and sends only point reads", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    const collector = collectorFor(stand.url);
    const listing = await collector.collect(target(undefined));
    const before = stand.route.requests.length;
    const again = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["app-orders"],
      listed: listing.target,
    });
    await collector.close();
    const actions = stand.route.requests
      .slice(before)
      .map((r) => r.action)
      .sort();
    expect(actions).toEqual(["GetInstanceAccount", ...Array(3).fill("GetInstanceAcl")]);
    expect(again.apiCalls).toBe(4);
    const instanceOf = (t: typeof listing.target) => (t.status === "ok" ? t.instance : null);
    expect(instanceOf(again.target)).toEqual(instanceOf(listing.target));
  });

  it("a glob that matches no named account reads the instance only", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["zzz*"],
    });
    await collector.close();
    expect(result.target).toMatchObject({ status: "ok", accounts: [] });
    expect(stand?.route.requests.map((r) => r.action).sort()).toEqual([
      "GetInstance",
      "ListInstanceIpWhitelist",
    ]);
  });

  it("an unknown accountStatus from GetInstanceAccount fails the target closed", async () => {
    const base = instanceSeed();
    const accounts = base.accounts.map((a) => ({ ...a, accountStatus: "LOCKED" }));
    stand = await startStandIn(seedWith([{ ...base, accounts }]));
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["ops"],
    });
    await collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "MalformedResponse", call: "GetInstanceAccount" },
    });
    expect(result.target.error?.message).toContain("data.accountStatus");
  });

  it("a deleted account and ACL entry are left out (reported missing), the target stays ok", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["app-ghost"],
    });
    await collector.close();
    expect(result.target).toMatchObject({ status: "ok", accounts: [] });
    expect(stand?.route.requests.map((r) => r.action).sort()).toEqual([
      "GetInstance",
      "GetInstanceAccount",
      "GetInstanceAcl",
      "ListInstanceIpWhitelist",
    ]);
  });

  it("the gone codes count in the gateway envelope and with HTTP 404 too", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    stand.route.respond = (r, requestId) => {
      if (r.action === "GetInstanceAccount" && r.query.username === "ops") {
        return gatewayError(requestId, 404, "InstanceAccount.NotExisted", "gone", "h");
      }
      if (r.action === "GetInstanceAcl") {
        return serviceError(requestId, 200, "InstanceAcl.NotExisted", "gone");
      }
      return undefined;
    };
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["ops", "app-orders"],
    });
    await collector.close();
    expect(result.target.status).toBe("ok");
    expect(accountsOf(result.target).map((a) => [a.username, a.acls.length])).toEqual([
      ["app-orders", 0],
    ]);
  });

  it("Instance.NotFound from a point read fails the target", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    stand.route.respond = (r, requestId) =>
      r.action === "GetInstanceAccount"
        ? serviceError(requestId, 404, "Instance.NotFound", "The instance cannot be found.")
        : undefined;
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["ops"],
    });
    await collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "Instance.NotFound", call: "GetInstanceAccount" },
    });
  });

  it("a not-found code that is not about the principal (InvalidApi.NotFound) fails the target", async () => {
    stand = await startStandIn(seedWith([instanceSeed()]));
    // In the service envelope, as a misrouted call could answer: still not an absent account.
    stand.route.respond = (r, requestId) =>
      r.action === "GetInstanceAccount"
        ? serviceError(requestId, 404, "InvalidApi.NotFound", "Specified api is not found.")
        : undefined;
    const collector = collectorFor(stand.url);
    const result = await collector.collect(target(undefined, { accounts: baselineAccounts }), {
      principals: ["ops"],
    });
    await collector.close();
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "InvalidApi.NotFound", call: "GetInstanceAccount", httpStatus: 404 },
    });
  });
});

describe("isAbsent: which codes mean the account or ACL entry does not exist", () => {
  const error = (
    call: string,
    code: string,
    envelope: "service" | "gateway" | "http" = "service",
    httpStatus = 400,
  ) =>
    new AlibabaApiError(
      "x",
      { call, httpStatus, code, requestId: null, retryable: false },
      envelope,
    );
  it.each([
    ["GetInstanceAccount", "InstanceAccount.NotExisted"],
    ["GetInstanceAcl", "InstanceAcl.NotExisted"],
    ["GetInstanceAcl", "InstanceAccount.NotExisted"],
  ])("%s answering %s is absent, in either envelope and at any status", (call, code) => {
    for (const envelope of ["service", "gateway"] as const) {
      for (const status of [200, 400, 404, 500]) {
        expect(isAbsent(error(call, code, envelope, status))).toBe(true);
      }
    }
  });
  it.each([
    ["GetInstanceAccount", "InstanceAcl.NotExisted"],
    ["GetInstanceAccount", "Instance.NotFound"],
    ["GetInstanceAcl", "Instance.NotFound"],
    ["GetInstanceAccount", "InvalidApi.NotFound"],
    ["GetInstanceAccount", "Account.NotFound"],
    ["GetInstanceAcl", "Acl.NotFound"],
    ["GetInstanceAccount", "instanceaccount.notexisted"],
    ["GetInstance", "InstanceAccount.NotExisted"],
    ["ListInstanceAccount", "InstanceAccount.NotExisted"],
  ])("%s answering %s is not", (call, code) => expect(isAbsent(error(call, code))).toBe(false));
  it("a body that is not an envelope never is", () => {
    expect(isAbsent(error("GetInstanceAccount", "InstanceAccount.NotExisted", "http"))).toBe(false);
  });
});
