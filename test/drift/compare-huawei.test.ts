import { describe, expect, it } from "vitest";
import type { Perm4Principal, Perm4PrincipalExpectation } from "../../shared/model/perm4.ts";
import { hwSnap, hwTarget, hwUser, hwWith, run1, summary } from "../support/targets.ts";

const rows = (want: Perm4PrincipalExpectation, have: Partial<Perm4Principal>) =>
  summary(run1(hwWith("u1", want), hwSnap({ users: [hwUser("u1", have)] })));

describe("Huawei instance", () => {
  it("aclEnabled true → false is a critical escalation; false → true a low restriction", () => {
    const off = run1(
      hwTarget({ instance: { aclEnabled: true } }),
      hwSnap({ instance: { aclEnabled: false } }),
    );
    expect(summary(off)).toEqual(["- - aclEnabled changed escalation critical"]);
    const on = run1(hwTarget({ instance: { aclEnabled: false } }), hwSnap());
    expect(summary(on)).toEqual(["- - aclEnabled changed restriction low"]);
  });
});

describe("Huawei users", () => {
  it.each([
    [
      "admin false → true",
      { admin: false },
      { admin: true },
      "u1 - admin changed escalation critical",
    ],
    ["admin true → false", { admin: true }, { admin: false }, "u1 - admin changed restriction low"],
    [
      "whitelist none → 192.*",
      { whitelist: "" },
      { whitelist: "192.*.*.*" },
      "u1 - whitelist changed escalation high",
    ],
    [
      "whitelist none → *",
      { whitelist: "" },
      { whitelist: "*" },
      "u1 - whitelist changed escalation critical",
    ],
    [
      "whitelist → *.*.*.*",
      { whitelist: "10.0.0.1" },
      { whitelist: "*.*.*.*" },
      "u1 - whitelist changed escalation critical",
    ],
    [
      "whitelist narrowed",
      { whitelist: "10.0.0.*" },
      { whitelist: "10.0.0.1-9" },
      "u1 - whitelist changed restriction low",
    ],
    [
      "whitelist emptied",
      { whitelist: "10.0.0.*" },
      { whitelist: "" },
      "u1 - whitelist changed restriction low",
    ],
    [
      "whitelist moved",
      { whitelist: "10.0.0.*" },
      { whitelist: "10.0.1.*" },
      "u1 - whitelist changed lateral high",
    ],
    [
      "whitelist unparseable",
      { whitelist: "10.0.0.*" },
      { whitelist: "10.0.0.0/24" },
      "u1 - whitelist changed lateral high",
    ],
    [
      "defaultTopicPerm widened",
      { defaultTopicPerm: "SUB" },
      { defaultTopicPerm: "PUB|SUB" },
      "u1 - defaultTopicPerm changed escalation high",
    ],
    [
      "defaultTopicPerm narrowed",
      { defaultTopicPerm: "PUB|SUB" },
      { defaultTopicPerm: "DENY" },
      "u1 - defaultTopicPerm changed restriction low",
    ],
    [
      "defaultTopicPerm swapped",
      { defaultTopicPerm: "PUB" },
      { defaultTopicPerm: "SUB" },
      "u1 - defaultTopicPerm changed lateral high",
    ],
    [
      "defaultGroupPerm widened",
      { defaultGroupPerm: "DENY" },
      { defaultGroupPerm: "SUB" },
      "u1 - defaultGroupPerm changed escalation high",
    ],
  ] satisfies [string, Perm4PrincipalExpectation, Partial<Perm4Principal>, string][])(
    "%s",
    (_name, want, have, row) => {
      expect(rows(want, have)).toEqual([row]);
    },
  );

  it.each([
    [
      "the same whitelist in another order",
      { whitelist: "10.0.0.1,10.0.0.2" },
      { whitelist: "10.0.0.2,10.0.0.1" },
    ],
    ["a whitelist written another way", { whitelist: "10.0.0.*" }, { whitelist: "10.0.0.0-255" }],
    ["blank vs empty whitelist", { whitelist: "" }, { whitelist: "  " }],
    ["PUB|SUB vs SUB|PUB", { defaultTopicPerm: "PUB|SUB" }, { defaultTopicPerm: "SUB|PUB" }],
    [
      "a group PUB bit, which grants nothing",
      { defaultGroupPerm: "SUB" },
      { defaultGroupPerm: "PUB|SUB" },
    ],
    [
      "absent fields",
      {},
      {
        admin: true,
        whitelist: "*",
        defaultTopicPerm: "PUB|SUB",
        topicPerms: [{ name: "t", perm: "PUB" }],
      },
    ],
  ] satisfies [string, Perm4PrincipalExpectation, Partial<Perm4Principal>][])(
    "no drift for %s",
    (_name, want, have) => {
      expect(rows(want, have)).toEqual([]);
    },
  );

  it("missing user: one medium restriction carrying the whole baseline user", () => {
    const result = run1(
      hwWith("u1", {
        admin: true,
        whitelist: "10.0.0.2,10.0.0.1",
        topicPerms: { b: "SUB|PUB", a: "PUB" },
      }),
      hwSnap(),
    );
    expect(summary(result)).toEqual(["u1 - principal missing restriction medium"]);
    expect(result.findings[0]!.expected).toEqual({
      accessKey: "u1",
      admin: true,
      whitelist: { pattern: "10.0.0.2,10.0.0.1", addresses: ["10.0.0.1-10.0.0.2"] },
      defaultTopicPerm: null,
      defaultGroupPerm: null,
      topicPerms: { a: "PUB", b: "PUB|SUB" },
      groupPerms: null,
    });
  });

  it.each([
    ["a plain user", {}, "x - principal unexpected escalation high"],
    ["an administrator", { admin: true }, "x - principal unexpected escalation critical"],
    [
      "a user whitelisted from every IPv4 address",
      { whitelist: "*" },
      "x - principal unexpected escalation critical",
    ],
  ])("unexpected %s", (_name, over, row) => {
    const result = run1(hwTarget({ users: {} }), hwSnap({ users: [hwUser("x", over)] }));
    expect(summary(result)).toEqual([row]);
  });

  it("unexpected user carries the whole cloud user; its perms are not reported again", () => {
    const user = hwUser("x", { admin: true, topicPerms: [{ name: "t", perm: "SUB|PUB" }] });
    const result = run1(hwTarget({ users: {} }), hwSnap({ users: [user] }));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.actual).toMatchObject({ admin: true, topicPerms: { t: "PUB|SUB" } });
    expect(result.findings[0]!.message).toContain("is an administrator");
  });

  it("unmanaged: ignore drops unexpected users", () => {
    const result = run1(
      hwTarget({ users: {}, unmanaged: "ignore" }),
      hwSnap({ users: [hwUser("x", { admin: true })] }),
    );
    expect(result.findings).toEqual([]);
  });

  it("shows a whitelist with its verbatim pattern and the addresses it denotes", () => {
    const result = run1(
      hwWith("u1", { whitelist: "" }),
      hwSnap({ users: [hwUser("u1", { whitelist: "192.*.*.*" })] }),
    );
    expect(result.findings[0]).toMatchObject({
      expected: { pattern: "", addresses: [] },
      actual: { pattern: "192.*.*.*", addresses: ["192.0.0.0/8"] },
    });
    expect(result.findings[0]!.message).toContain(
      'whitelist widened from "" (no address) to "192.*.*.*" (192.0.0.0/8)',
    );
  });
});

describe("Huawei effective topic and group permissions", () => {
  const user = (over: Partial<Perm4Principal>) =>
    hwSnap({ users: [hwUser("u1", { defaultTopicPerm: "SUB", ...over })] });

  it("does not check per-topic perms when topicPerms is absent", () => {
    const result = run1(hwWith("u1", {}), user({ topicPerms: [{ name: "t", perm: "PUB|SUB" }] }));
    expect(result.findings).toEqual([]);
  });

  it("an explicit entry equal to the default is no drift, on either side", () => {
    const a = run1(hwWith("u1", { defaultTopicPerm: "SUB", topicPerms: { t: "SUB" } }), user({}));
    const b = run1(
      hwWith("u1", { defaultTopicPerm: "SUB", topicPerms: {} }),
      user({ topicPerms: [{ name: "t", perm: "SUB" }] }),
    );
    expect([...a.findings, ...b.findings]).toEqual([]);
  });

  it("falls back to the cloud default when the baseline states none", () => {
    const result = run1(
      hwWith("u1", { topicPerms: {} }),
      user({ topicPerms: [{ name: "t", perm: "SUB" }] }),
    );
    expect(result.findings).toEqual([]);
  });

  it("compares every topic named on either side by its effective set", () => {
    const result = run1(
      hwWith("u1", { defaultTopicPerm: "SUB", topicPerms: { a: "PUB|SUB", b: "PUB", c: "SUB" } }),
      user({
        defaultTopicPerm: "SUB",
        topicPerms: [
          { name: "a", perm: "SUB" },
          { name: "c", perm: "PUB|SUB" },
          { name: "d", perm: "DENY" },
          { name: "e", perm: "SUB" },
        ],
      }),
    );
    expect(summary(result)).toEqual([
      "u1 Topic:a topicPerm changed restriction low",
      "u1 Topic:b topicPerm changed lateral high",
      "u1 Topic:c topicPerm changed escalation high",
      "u1 Topic:d topicPerm changed restriction low",
    ]);
    expect(result.findings[1]).toMatchObject({ expected: "PUB", actual: "SUB" });
    expect(result.findings[1]!.message).toContain("from PUB to SUB (default)");
  });

  it("a changed default shows up on every topic that relies on it", () => {
    const result = run1(
      hwWith("u1", { defaultTopicPerm: "SUB", topicPerms: { a: "SUB" } }),
      user({ defaultTopicPerm: "PUB|SUB", topicPerms: [] }),
    );
    expect(summary(result)).toEqual([
      "u1 - defaultTopicPerm changed escalation high",
      "u1 Topic:a topicPerm changed escalation high",
    ]);
  });

  it("groups likewise, where only SUB counts", () => {
    const result = run1(
      hwWith("u1", { defaultGroupPerm: "DENY", groupPerms: { g1: "SUB", g2: "SUB" } }),
      user({
        groupPerms: [
          { name: "g2", perm: "PUB|SUB" },
          { name: "g3", perm: "SUB" },
          { name: "g4", perm: "PUB" },
        ],
      }),
    );
    expect(summary(result)).toEqual([
      "u1 Group:g1 groupPerm changed restriction low",
      "u1 Group:g3 groupPerm changed escalation high",
    ]);
  });

  it("handles names that are Object.prototype keys", () => {
    const result = run1(
      hwWith("u1", { topicPerms: JSON.parse('{"__proto__":"PUB","constructor":"SUB"}') }),
      user({
        topicPerms: [
          { name: "toString", perm: "PUB" },
          { name: "__proto__", perm: "PUB" },
        ],
      }),
    );
    expect(summary(result)).toEqual(["u1 Topic:toString topicPerm changed lateral high"]);
  });
});
