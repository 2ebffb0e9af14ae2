import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateBaseline } from "../../shared/baseline/generate.ts";
import { parseBaseline } from "../../shared/baseline/load.ts";
import { compare } from "../../shared/drift/compare.ts";
import type { Snapshot, SnapshotTarget } from "../../shared/providers/index.ts";
import { SNAPSHOT } from "../support/snapshot.ts";

const NOW = { now: new Date("2026-11-25T03:00:00Z") };

function roundTrip(targets: SnapshotTarget[]) {
  const text = generateBaseline(targets);
  const { baseline } = parseBaseline(text, "generated.yaml");
  const snapshot: Snapshot = { ...SNAPSHOT, targets };
  return { text, result: compare(baseline, snapshot, NOW) };
}

describe("generateBaseline", () => {
  it("writes a header, every readable target in key order, and a note for unreadable ones", () => {
    const comment = "Written by rmq-drift init\n\nfrom the live state\n";
    const text = generateBaseline(SNAPSHOT.targets, { comment });
    expect(text.split("\n").slice(0, 7)).toEqual([
      "# yaml-language-server: $schema=./baseline.schema.json",
      "# Written by rmq-drift init",
      "#",
      "# from the live state",
      "# Skipped alibaba/cn-shanghai/rmq-cn-gone: unreadable (Instance.NotFound).",
      "version: 1",
      "targets:",
    ]);
    const keys = [...text.matchAll(/instanceId: (\S+)/g)].map((m) => m[1]);
    expect(keys).toEqual(["rmq-cn-7e22ody0001", "11111111-2222-3333-4444-555555555555"]);
  });

  it("describes the live state in canonical spellings and sorted order", () => {
    const text = generateBaseline(SNAPSHOT.targets);
    expect(text).toContain(
      "          - {resource: Topic:orders, decision: Allow, actions: [Pub, Sub], ipWhitelists: [0.0.0.0/0, 10.0.0.0/8]}",
    );
    expect(text).toContain("      app-idle:\n        status: DISABLE\n        acls: []\n");
    expect(text).toContain(
      "        topicPerms:\n          audit: DENY\n          orders: PUB|SUB\n",
    );
    expect(text).toContain("        defaultTopicPerm: PUB|SUB\n");
    expect(text).toContain('        whitelist: ""\n');
  });

  it("gives the same bytes whatever order the snapshot lists things in", () => {
    const reversed = SNAPSHOT.targets.toReversed().map((t) =>
      t.status === "ok" && t.provider === "alibaba"
        ? {
            ...t,
            accounts: t.accounts.toReversed().map((a) => ({ ...a, acls: a.acls.toReversed() })),
          }
        : t,
    );
    expect(generateBaseline(reversed)).toBe(generateBaseline(SNAPSHOT.targets));
  });

  it("loads back and compares clean against the snapshot it came from", () => {
    const { result } = roundTrip(SNAPSHOT.targets.filter((t) => t.status === "ok"));
    expect(result.findings).toEqual([]);
    expect(result.status).toBe("clean");
  });

  it("leaves out, with a note, live values a baseline cannot express", () => {
    const [huawei, alibaba] = SNAPSHOT.targets;
    if (huawei?.status !== "ok" || huawei.provider !== "huawei") throw new Error("fixture");
    if (alibaba?.status !== "ok" || alibaba.provider !== "alibaba") throw new Error("fixture");
    const odd: SnapshotTarget[] = [
      // Sorts first and is skipped: the notes must still name the written targets' indices.
      {
        provider: "alibaba",
        region: "ap-aaa",
        instanceId: "rmq-cn-1",
        status: "error",
        error: { code: "X", message: "x", httpStatus: null },
      },
      {
        ...huawei,
        users: [
          {
            ...huawei.users[0]!,
            whitelist: "10.0.0.0/8",
            defaultGroupPerm: "PUB",
            groupPerms: [{ name: "GID_x", perm: "PUB|SUB" }],
          },
        ],
      },
      {
        ...alibaba,
        accounts: [
          {
            username: "app",
            status: "ENABLE",
            accountType: "CUSTOMER",
            acls: [{ resource: "Group:G", decision: "Allow", actions: ["Pub"], ipWhitelists: [] }],
          },
        ],
      },
    ];
    const { text, result } = roundTrip(odd);
    const notes = text.split("\n").filter((l) => l.startsWith("# Not checked"));
    expect(notes).toEqual([
      '# Not checked, the live value cannot be written in a baseline: targets[0].accounts.app.acls[0].actions (a Group resource only takes Sub, got "Pub")',
      '# Not checked, the live value cannot be written in a baseline: targets[1].users.test_02.whitelist (whitelist pattern "10.0.0.0/8": CIDR "10.0.0.0/8" is not supported (use a.b.c.* or a.b.c.1-100))',
      '# Not checked, the live value cannot be written in a baseline: targets[1].users.test_02.defaultGroupPerm (a group permission takes SUB or DENY, got "PUB" (groups are only checked for SUB))',
      '# Not checked, the live value cannot be written in a baseline: targets[1].users.test_02.groupPerms (a group permission takes SUB or DENY, got "PUB|SUB" (groups are only checked for SUB))',
    ]);
    expect(result.findings).toEqual([]);
  });

  it("round-trips any live state: generate → load → compare finds nothing", () => {
    fc.assert(
      fc.property(fc.array(liveTarget(), { maxLength: 3 }), (targets) => {
        const unique = [...new Map(targets.map((t) => [t.instanceId, t])).values()];
        const { result } = roundTrip(unique);
        expect(result.findings).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

const ADDRESSES = ["10.0.0.0/8", "192.168.1.7", "0.0.0.0/0", "2001:db8::/32", "::1"];
const PATTERNS = ["", "*", "192.168.1.*", "10.0.0.1-100", "10.1.1.{1,2}", "10.0.0.1,10.0.0.2"];
const PERMS = ["PUB", "SUB", "PUB|SUB", "SUB|PUB", "DENY"] as const;
const NAMES = ["orders", "audit", "GID_a", "GID_b", "x-1"];

function liveTarget(): fc.Arbitrary<SnapshotTarget> {
  const id = fc.stringMatching(/^[a-f0-9]{8}$/);
  return fc.oneof(
    fc.record({
      provider: fc.constant("alibaba" as const),
      region: fc.constant("cn-hangzhou"),
      instanceId: id.map((s) => `rmq-cn-${s}`),
      status: fc.constant("ok" as const),
      error: fc.constant(null),
      instance: fc.record({
        aclTypes: fc.subarray(["apache_acl", "default"]),
        vpcAuthFree: fc.boolean(),
        internetWhitelist: fc.subarray(ADDRESSES),
        accessWhitelist: fc.subarray(ADDRESSES),
      }),
      accounts: fc.uniqueArray(alibabaAccount(), { selector: (a) => a.username, maxLength: 3 }),
    }),
    fc.record({
      provider: fc.constant("huawei" as const),
      region: fc.constant("cn-north-4"),
      projectId: fc.constant("0123456789abcdef0123456789abcdef"),
      instanceId: id.map((s) => `${s}-2222-3333-4444-555555555555`),
      status: fc.constant("ok" as const),
      error: fc.constant(null),
      instance: fc.record({ aclEnabled: fc.boolean() }),
      users: fc.uniqueArray(huaweiUser(), { selector: (u) => u.accessKey, maxLength: 3 }),
    }),
  );
}

function alibabaAccount() {
  const acl = fc.record({
    resource: fc.constantFrom(...NAMES).chain((n) => fc.constantFrom(`Topic:${n}`, `Group:${n}`)),
    decision: fc.constantFrom("Allow" as const, "Deny" as const),
    actions: fc.subarray(["Pub", "Sub", "pub|sub", "Sub|Pub"], { minLength: 1 }),
    ipWhitelists: fc.subarray(ADDRESSES),
  });
  return fc.record({
    username: fc.constantFrom("app-orders", "app-billing", "ops", "legacy-1"),
    status: fc.constantFrom("ENABLE" as const, "DISABLE" as const),
    accountType: fc.constantFrom("CUSTOMER", "DEFAULT"),
    acls: fc.uniqueArray(acl, { selector: (a) => a.resource, maxLength: 4 }),
  });
}

function huaweiUser() {
  const named = fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...NAMES), perm: fc.constantFrom(...PERMS) }),
    { selector: (p) => p.name, maxLength: 3 },
  );
  return fc.record({
    accessKey: fc.constantFrom("test_01", "producer_a", "consumer_b"),
    admin: fc.boolean(),
    whitelist: fc.constantFrom(...PATTERNS),
    defaultTopicPerm: fc.constantFrom(...PERMS),
    defaultGroupPerm: fc.constantFrom(...PERMS),
    topicPerms: named,
    groupPerms: named,
  });
}
