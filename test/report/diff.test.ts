import { describe, expect, it } from "vitest";
import { diffLines, diffValues, formatValue } from "../../shared/report/diff.ts";

describe("diffValues", () => {
  it("compares sets as added / removed / kept, whatever the order", () => {
    expect(diffValues("actions", ["Sub", "Pub"], ["Pub", "Sub", "Admin"])).toEqual({
      kind: "set",
      added: ["Admin"],
      removed: [],
      kept: ["Pub", "Sub"],
    });
  });

  it("spells out what an empty set means for the field", () => {
    expect(diffLines(diffValues("ipWhitelists", ["10.0.0.0/8"], []))).toEqual([
      "+ any address (empty list)",
      "− 10.0.0.0/8",
    ]);
    expect(diffLines(diffValues("topicPerm", ["pub"], []))).toEqual(["+ DENY", "− pub"]);
    expect(diffLines(diffValues("whitelist", "10.0.0.*", ""))).toEqual([
      "10.0.0.* → no address (empty)",
    ]);
  });

  it("treats an absent side as no items, not an empty list", () => {
    expect(diffValues("ipWhitelists", null, ["1.2.3.4"])).toMatchObject({
      added: ["1.2.3.4"],
      removed: [],
    });
  });

  it("lists only the changed keys of objects, absent side included", () => {
    expect(
      diffLines(
        diffValues(
          "acl",
          { decision: "Allow", actions: ["Pub"] },
          { decision: "Deny", actions: ["Pub"] },
        ),
      ),
    ).toEqual(["decision: Allow → Deny"]);
    expect(diffLines(diffValues("principal", null, { admin: true }))).toEqual([
      "admin: (absent) → true",
    ]);
  });

  it("shows scalars as from → to", () => {
    expect(diffValues("admin", false, true)).toEqual({ kind: "scalar", from: "false", to: "true" });
    expect(diffLines(diffValues("status", "ENABLE", null))).toEqual(["ENABLE → (absent)"]);
  });

  it("formats nested values with sorted keys, so text is stable", () => {
    expect(formatValue({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe("diffValues for a whole principal", () => {
  it("lists an unexpected account entry by entry, not as JSON", () => {
    const actual = {
      username: "legacy-batch",
      status: "ENABLE",
      accountType: "CUSTOMER",
      acls: [
        { resource: "Topic:batch", decision: "Allow", actions: ["Pub"], ipWhitelists: [] },
        {
          resource: "Group:GID_b",
          decision: "Deny",
          actions: ["Sub"],
          ipWhitelists: ["10.0.0.0/8"],
        },
      ],
    };
    const lines = diffLines(diffValues("principal", null, actual));
    expect(lines).toEqual([
      "accountType: (absent) → CUSTOMER",
      "acl Group:GID_b: (absent) → Deny Sub from 10.0.0.0/8",
      "acl Topic:batch: (absent) → Allow Pub from any address (empty list)",
      "status: (absent) → ENABLE",
    ]);
    expect(lines.join("\n")).not.toMatch(/[{}"]/);
  });

  it("lists a Huawei user's permissions and whitelist pattern", () => {
    const expected = {
      accessKey: "test_03",
      admin: true,
      whitelist: { pattern: "192.168.0.*", addresses: ["192.168.0.0/24"] },
      defaultTopicPerm: null,
      topicPerms: { orders: "PUB|SUB" },
      groupPerms: null,
    };
    expect(diffLines(diffValues("principal", expected, null))).toEqual([
      "admin: true → (absent)",
      "topic orders: PUB|SUB → (absent)",
      "whitelist: 192.168.0.* → (absent)",
    ]);
  });
});
