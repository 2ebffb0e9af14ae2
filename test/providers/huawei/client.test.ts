// The client against the stand-in over real HTTP: every call, paging edge cases, error mapping.
import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../../shared/errors.ts";
import { createApiExecutor } from "../../../shared/net/api-call.ts";
import { createRequestBudget } from "../../../shared/net/limit.ts";
import { createHttpTransport } from "../../../shared/net/transport.ts";
import type { ListingMode } from "../../../shared/providers/consistent-listing.ts";
import { createHuaweiClient } from "../../../shared/providers/huawei/client.ts";
import type { HuaweiCredentials } from "../../../shared/providers/types.ts";
import {
  AK,
  type HuaweiStandIn,
  INSTANCE,
  OTHER_INSTANCE,
  PROJECT,
  SK,
  seedWith,
  startStandIn,
  user,
  users,
  virtualClock,
} from "./helpers.ts";

let standIn: HuaweiStandIn | undefined;
const transports: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await standIn?.close();
  standIn = undefined;
});

function clientFor(options: { credentials?: HuaweiCredentials; listing?: ListingMode } = {}) {
  const clock = virtualClock();
  const transport = createHttpTransport();
  transports.push(transport);
  const executor = createApiExecutor({
    provider: "huawei",
    transport,
    budget: createRequestBudget({ qps: 1000, concurrency: 4, now: clock.now, sleep: clock.sleep }),
    sleep: clock.sleep,
    random: () => 1,
    timeoutMs: 2_000,
  });
  return createHuaweiClient({
    executor,
    credentials: options.credentials ?? { ak: AK, sk: SK },
    listing: options.listing,
  });
}

const loc = () => ({ endpoint: standIn?.url ?? "", projectId: PROJECT });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe("Huawei client calls", () => {
  it("ListInstances pages with engine=rocketmq and maps the fields", async () => {
    const extra = Array.from({ length: 4 }, (_, i) => ({
      projectId: PROJECT,
      instanceId: `aaaaaaaa-0000-0000-0000-00000000000${i}`,
      enableAcl: i % 2 === 0,
      users: [],
    }));
    const seed = seedWith([]);
    standIn = await startStandIn({
      ...seed,
      instances: [...seed.instances, ...extra],
      maxLimit: 2,
    });
    const list = await clientFor().listInstances(loc());
    expect(list.map((i) => i.instanceId).sort()).toHaveLength(6);
    expect(new Set(list.map((i) => i.instanceId)).size).toBe(6);
    expect(list.find((i) => i.instanceId === INSTANCE)).toMatchObject({
      engine: "reliability",
      status: "RUNNING",
      aclEnabled: true,
    });
    // Three pages, then page 1 again: the end check of a multi-page listing.
    expect(standIn.route.requests.filter((r) => r.call === "ListInstances")).toHaveLength(4);
  });

  it("ShowInstance returns enable_acl", async () => {
    standIn = await startStandIn(seedWith([]));
    const client = clientFor();
    expect((await client.showInstance(loc(), INSTANCE)).aclEnabled).toBe(true);
    expect((await client.showInstance(loc(), OTHER_INSTANCE)).aclEnabled).toBe(false);
  });

  it("ShowInstance refuses an instance of another engine (the same path serves Kafka)", async () => {
    const seed = seedWith([]);
    seed.instances[0] = { ...seed.instances[0]!, engine: "kafka" };
    standIn = await startStandIn(seed);
    const err = await failure(clientFor().showInstance(loc(), INSTANCE));
    expect(err.details.code).toBe("MalformedResponse");
    expect(err.message).toContain("engine: not a RocketMQ engine");
    expect(err.message).not.toContain("kafka");
  });

  it("ShowUser returns one user, normalised, and null for a user the instance lacks", async () => {
    standIn = await startStandIn(
      seedWith([
        user("app_one", {
          default_topic_perm: " sub|pub ",
          topic_perms: [{ name: "t", perm: "pub" }],
        }),
      ]),
    );
    const client = clientFor();
    expect(await client.showUser(loc(), INSTANCE, "app_one")).toEqual({
      accessKey: "app_one",
      admin: false,
      whitelist: "",
      defaultTopicPerm: "PUB|SUB",
      defaultGroupPerm: "DENY",
      topicPerms: [{ name: "t", perm: "PUB" }],
      groupPerms: [],
    });
    expect(await client.showUser(loc(), INSTANCE, "nobody_here")).toBeNull();
  });
});

describe("ListUser paging", () => {
  it("57 users over two pages of 50 arrive exactly once each, then page 1 is checked", async () => {
    standIn = await startStandIn(seedWith(users(57)));
    const list = await clientFor().listUsers(loc(), INSTANCE);
    expect(list).toHaveLength(57);
    expect(new Set(list.map((u) => u.accessKey)).size).toBe(57);
    const offsets = standIn.route.requests.filter((r) => r.call === "ListUser");
    expect(offsets).toHaveLength(3);
  });

  it("strict listing reads a multi-page listing twice", async () => {
    standIn = await startStandIn(seedWith(users(57)));
    const list = await clientFor({ listing: "strict" }).listUsers(loc(), INSTANCE);
    expect(list).toHaveLength(57);
    expect(standIn.route.requests.filter((r) => r.call === "ListUser")).toHaveLength(4);
  });

  it("a server that clamps limit lower than asked is followed by offset, not by limit", async () => {
    standIn = await startStandIn(seedWith(users(57), { maxLimit: 20 }));
    const list = await clientFor().listUsers(loc(), INSTANCE);
    expect(new Set(list.map((u) => u.accessKey)).size).toBe(57);
    expect(list).toHaveLength(57);
    expect(standIn.route.requests.filter((r) => r.call === "ListUser")).toHaveLength(4);
  });

  it("a total that changes between pages restarts the listing once; no repeats", async () => {
    standIn = await startStandIn(seedWith(users(57)));
    const route = standIn.route;
    const handle = route.handle.bind(route);
    let served = 0;
    route.handle = async (req, res, url) => {
      await handle(req, res, url);
      // After the first page, a user is inserted at the front: offsets shift and total moves.
      if (url.pathname.endsWith("/users") && ++served === 1) {
        route.seed.instances[0]!.users.unshift(user("aaa_new_user"));
      }
    };
    const list = await clientFor().listUsers(loc(), INSTANCE);
    expect(list).toHaveLength(58);
    expect(new Set(list.map((u) => u.accessKey)).size).toBe(58);
    // A broken pass (2 pages), then a pass (2 pages) whose end check holds.
    expect(served).toBe(5);
  });

  it("a total that never settles ends in InconsistentPaging, not an endless loop", async () => {
    standIn = await startStandIn(seedWith(users(57)));
    const route = standIn.route;
    const handle = route.handle.bind(route);
    let n = 0;
    route.handle = async (req, res, url) => {
      await handle(req, res, url);
      route.seed.instances[0]!.users.push(user(`churn_${n++}`));
    };
    const err = await failure(clientFor().listUsers(loc(), INSTANCE));
    expect(err.details).toMatchObject({
      code: "InconsistentPaging",
      call: "ListUser",
      retryable: false,
    });
    expect(n).toBe(6);
  });

  it("an unknown permission string fails closed, naming call, field and request id, not the value", async () => {
    standIn = await startStandIn(
      seedWith([...users(3), user("weird", { group_perms: [{ name: "G", perm: "ALL" }] })]),
    );
    const err = await failure(clientFor().listUsers(loc(), INSTANCE));
    expect(err.details.code).toBe("MalformedResponse");
    expect(err.details.call).toBe("ListUser");
    expect(err.details.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.message).toContain(
      "users[3].group_perms[0].perm: unknown permission (3 characters)",
    );
    expect(err.message).not.toContain("ALL");
    expect(err.message).toContain(err.details.requestId ?? "?");
  });

  it("conflicting entries for one topic fail closed", async () => {
    const dup = [
      { name: "orders", perm: "PUB" },
      { name: "orders", perm: "DENY" },
    ];
    standIn = await startStandIn(seedWith([user("dup", { topic_perms: dup })]));
    const err = await failure(clientFor().showUser(loc(), INSTANCE, "dup"));
    expect(err.message).toContain("topic_perms[1].name: conflicting entries");
  });
});

describe("Huawei error mapping", () => {
  it("unknown instance → 404 DMS.00404022, not retried", async () => {
    standIn = await startStandIn(seedWith([]));
    const err = await failure(
      clientFor().showInstance(loc(), "99999999-9999-9999-9999-999999999999"),
    );
    expect(err.details).toMatchObject({ httpStatus: 404, code: "DMS.00404022", retryable: false });
    expect(standIn.route.requests).toHaveLength(1);
  });

  it("a non-UUID instance id → 400 DMS.00400030", async () => {
    standIn = await startStandIn(seedWith([]));
    const err = await failure(clientFor().showInstance(loc(), "not-a-uuid"));
    expect(err.details).toMatchObject({ httpStatus: 400, code: "DMS.00400030" });
  });

  it("a wrong secret → 401 APIGW.0301 after exactly one request, with the server's canonical request", async () => {
    standIn = await startStandIn(seedWith([]));
    const err = await failure(
      clientFor({ credentials: { ak: AK, sk: "wrong-secret" } }).showInstance(loc(), INSTANCE),
    );
    expect(err.details).toMatchObject({ httpStatus: 401, code: "APIGW.0301", retryable: false });
    expect(err.message).toContain(`GET|/v2/${PROJECT}/instances/${INSTANCE}/||host:`);
    expect(standIn.route.requests).toHaveLength(1);
  });

  it("an unknown AK → 401, not retried", async () => {
    standIn = await startStandIn(seedWith([]));
    const err = await failure(
      clientFor({ credentials: { ak: "NOSUCHAK", sk: SK } }).showInstance(loc(), INSTANCE),
    );
    expect(err.details).toMatchObject({ httpStatus: 401, code: "APIGW.0301" });
    expect(err.message).toContain("ak NOSUCHAK not exist");
    expect(standIn.route.requests).toHaveLength(1);
  });

  it("temporary credentials: X-Security-Token is sent and signed; a missing one is refused", async () => {
    const token = "sts-token-value-0123456789";
    standIn = await startStandIn(
      seedWith([], { credentials: [{ ak: AK, sk: SK, securityToken: token }] }),
    );
    const ok = await clientFor({
      credentials: { ak: AK, sk: SK, securityToken: token },
    }).showInstance(loc(), INSTANCE);
    expect(ok.aclEnabled).toBe(true);
    const err = await failure(
      clientFor({ credentials: { ak: AK, sk: SK } }).showInstance(loc(), INSTANCE),
    );
    expect(err.details.code).toBe("APIGW.0301");
    expect(err.message).toMatch(/security token/);
  });

  it("the security token never appears in an error message (the gateway echoes signed headers)", async () => {
    const token = "sts-token-value-0123456789";
    standIn = await startStandIn(
      seedWith([], { credentials: [{ ak: AK, sk: SK, securityToken: token }] }),
    );
    const err = await failure(
      clientFor({ credentials: { ak: AK, sk: "wrong", securityToken: token } }).showInstance(
        loc(),
        INSTANCE,
      ),
    );
    expect(err.message).toContain("x-security-token:<redacted>");
    expect(JSON.stringify({ err, message: err.message, stack: err.stack })).not.toContain(token);
  });
});
