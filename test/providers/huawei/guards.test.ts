// What the Huawei client refuses rather than trusts or quotes: a ShowUser answer about another
// user, a path segment that would address another resource, and API field values in error text
// (an error message travels into snapshots, reports and alerts; the field path is enough).
import { afterEach, describe, expect, it } from "vitest";
import type { HuaweiSeedInput } from "../../../sandbox/huawei.ts";
import {
  collectorFor,
  type HuaweiStandIn,
  seedWith,
  startStandIn,
  target,
  user,
} from "./helpers.ts";

let standIn: HuaweiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const CANARY = "CANARY-HW-VALUE-0f9e8d7c";

async function start(seed: HuaweiSeedInput): Promise<HuaweiStandIn> {
  standIn = await startStandIn(seed);
  return standIn;
}

/** Collects the stand-in's instance; with `principals`, those are the baseline's users. */
async function collect(s: HuaweiStandIn, principals?: string[]) {
  const { collector } = collectorFor(s.url);
  const users = Object.fromEntries((principals ?? []).map((p) => [p, {}]));
  const result = await collector.collect(target({ users }), principals ? { principals } : {});
  await collector.close();
  return result;
}

describe("ShowUser answers about the user asked for, or fails", () => {
  it("an answer about another user is MalformedResponse, not that user's permissions", async () => {
    const s = await start(seedWith([user("alice"), user("mallory", { admin: true })]));
    const handle = s.route.handle.bind(s.route);
    // The request is signed and checked as sent; only the answer is about someone else.
    s.route.handle = (req, res, url) =>
      handle(req, res, new URL(url.href.replace("/users/alice", "/users/mallory")));
    const result = await collect(s, ["alice"]);
    expect(result.target).toMatchObject({
      status: "error",
      error: {
        code: "MalformedResponse",
        call: "ShowUser",
        message: expect.stringContaining("access_key: not the user asked for"),
      },
    });
  });
});

describe("a user name that is not one path segment is refused, not sent", () => {
  it.each([[".."], ["."], ["a/../../x"], ["ops/admin"], [""]])("%j", async (name) => {
    const s = await start(seedWith([user("ops")]));
    const result = await collect(s, [name]);
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "InvalidPathSegment", call: "ShowUser", httpStatus: null },
    });
    expect(s.route.requests.map((r) => r.call)).toEqual(["ShowInstance"]);
  });
});

describe("API field values never appear in error text", () => {
  const expectNoCanary = (result: unknown, field: string) => {
    const text = JSON.stringify(result);
    expect(text).toContain(field);
    expect(text).not.toContain(CANARY);
  };

  it("an unknown permission is reported by field path and length", async () => {
    const s = await start(seedWith([user("alice", { default_topic_perm: `PUB ${CANARY}` })]));
    const result = await collect(s);
    expect(result.target).toMatchObject({ status: "error", error: { code: "MalformedResponse" } });
    expectNoCanary(result, "users[0].default_topic_perm: unknown permission (28 characters)");
  });

  it("conflicting entries for one topic name do not quote the name", async () => {
    const dup = [
      { name: CANARY, perm: "PUB" },
      { name: CANARY, perm: "DENY" },
    ];
    const s = await start(seedWith([user("alice", { topic_perms: dup })]));
    expectNoCanary(await collect(s), "users[0].topic_perms[1].name: conflicting entries");
  });

  it("an engine other than RocketMQ is not quoted", async () => {
    const seed = seedWith([]);
    seed.instances[0] = { ...seed.instances[0]!, engine: CANARY };
    expectNoCanary(await collect(await start(seed)), "engine: not a RocketMQ engine");
  });
});
