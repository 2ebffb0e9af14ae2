import { describe, expect, it } from "vitest";
import type { Waiver } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import { findingId } from "../../shared/drift/finding-id.ts";
import {
  ALI_KEY,
  account,
  aliSnap,
  aliTarget,
  baselineOf,
  HW_KEY,
  hwSnap,
  hwTarget,
  hwUser,
  NOW,
  snapshotOf,
} from "../support/targets.ts";

const drifted = () => ({
  target: aliTarget({ accounts: { app: { status: "ENABLE" } } }),
  snap: aliSnap({ accounts: [account("app", { status: "DISABLE" })] }),
});

describe("targets", () => {
  it("a baseline target absent from the snapshot is unreadable (NotCollected) and the run incomplete", () => {
    const result = compare(baselineOf([aliTarget({ name: "pay" })]), snapshotOf([]), { now: NOW });
    expect(result.status).toBe("incomplete");
    expect(result.targets).toEqual([
      {
        key: ALI_KEY,
        name: "pay",
        status: "unreadable",
        error: { code: "NotCollected", message: expect.any(String), httpStatus: null },
        principals: 0,
        entries: 0,
      },
    ]);
    expect(result.findings).toMatchObject([
      {
        target: ALI_KEY,
        field: "target",
        kind: "unreadable",
        direction: null,
        severity: "high",
        principal: null,
      },
    ]);
  });

  it("a snapshot error becomes one unreadable finding naming code, message, status, call and request id", () => {
    const error = {
      code: "DMS.00404022",
      message: "instance does not exist",
      httpStatus: 404,
      call: "ShowInstance",
      requestId: "r-1",
    };
    const snap = {
      ...hwSnap(),
      status: "error" as const,
      error,
      instance: undefined,
      users: undefined,
    };
    const { instance: _i, users: _u, ...errorTarget } = snap;
    const result = compare(
      baselineOf([hwTarget({ users: { a: {} } })]),
      snapshotOf([errorTarget]),
      { now: NOW },
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ kind: "unreadable", actual: error, expected: null });
    expect(result.findings[0]!.message).toBe(
      `Target ${HW_KEY} is unreadable: DMS.00404022: instance does not exist (HTTP 404, call ShowInstance, request id r-1); its permissions were not compared.`,
    );
    expect(result.targets[0]).toMatchObject({
      status: "unreadable",
      error,
      principals: 0,
      entries: 0,
    });
  });

  it("ignores snapshot targets that are not in the baseline", () => {
    const result = compare(baselineOf([]), snapshotOf([aliSnap({ accounts: [account("x")] })]), {
      now: NOW,
    });
    expect(result).toEqual({ findings: [], expiredWaivers: [], status: "clean", targets: [] });
  });

  it("counts principals and entries read, per baseline target in baseline order", () => {
    const snaps = [
      hwSnap({
        users: [
          hwUser("a", {
            topicPerms: [{ name: "t", perm: "PUB" }],
            groupPerms: [{ name: "g", perm: "SUB" }],
          }),
          hwUser("b"),
        ],
      }),
      aliSnap({
        accounts: [
          account("x", {
            acls: [{ resource: "Topic:t", decision: "Allow", actions: [], ipWhitelists: [] }],
          }),
        ],
      }),
    ];
    const result = compare(baselineOf([aliTarget(), hwTarget()]), snapshotOf(snaps), { now: NOW });
    expect(result.targets.map((t) => [t.key, t.principals, t.entries])).toEqual([
      [ALI_KEY, 1, 1],
      [HW_KEY, 2, 2],
    ]);
    expect(result.status).toBe("clean");
  });

  it("applies defaults.unmanaged unless the target overrides it", () => {
    const snap = aliSnap({ accounts: [account("x")] });
    const ignore = compare(
      baselineOf([aliTarget({ accounts: {} })], { defaults: { unmanaged: "ignore" } }),
      snapshotOf([snap]),
      { now: NOW },
    );
    expect(ignore.findings).toEqual([]);
    const override = compare(
      baselineOf([aliTarget({ accounts: {}, unmanaged: "report" })], {
        defaults: { unmanaged: "ignore" },
      }),
      snapshotOf([snap]),
      { now: NOW },
    );
    expect(override.findings).toHaveLength(1);
  });
});

describe("principal filter", () => {
  it("compares only matching principals on both sides, and instance fields regardless", () => {
    const target = aliTarget({
      instance: { vpcAuthFree: false },
      accounts: { "app-1": { status: "ENABLE" }, "ops-1": { status: "ENABLE" } },
    });
    const snap = aliSnap({
      instance: { aclTypes: [], vpcAuthFree: true, internetWhitelist: [] },
      accounts: [account("app-2"), account("ops-2")],
    });
    const result = compare(baselineOf([target]), snapshotOf([snap]), {
      now: NOW,
      principals: ["app-*"],
    });
    expect(result.findings.map((f) => [f.principal, f.kind])).toEqual([
      [null, "changed"],
      ["app-1", "missing"],
      ["app-2", "unexpected"],
    ]);
  });

  it("an empty filter compares everything", () => {
    const { target, snap } = drifted();
    expect(
      compare(baselineOf([target]), snapshotOf([snap]), { now: NOW, principals: [] }).findings,
    ).toHaveLength(1);
  });
});

describe("waivers", () => {
  const waiver = (over: Partial<Waiver> = {}): Waiver => ({
    id: "W-1",
    target: "alibaba/*",
    reason: "migration",
    expires: "2026-11-25",
    ...over,
  });
  const runWith = (waivers: Waiver[], now = NOW) => {
    const { target, snap } = drifted();
    return compare(baselineOf([target], { waivers }), snapshotOf([snap]), { now });
  };

  it("marks a covered finding, which then does not count toward status", () => {
    const result = runWith([waiver({ owner: "team-a" })]);
    expect(result.findings[0]!.waiver).toEqual({
      id: "W-1",
      reason: "migration",
      owner: "team-a",
      expires: "2026-11-25",
    });
    expect(result.status).toBe("clean");
    expect(result.expiredWaivers).toEqual([]);
  });

  it("sets owner to null when absent, and the first matching waiver wins", () => {
    const result = runWith([
      waiver({ id: "A", principal: "nomatch" }),
      waiver({ id: "B" }),
      waiver({ id: "C" }),
    ]);
    expect(result.findings[0]!.waiver).toMatchObject({ id: "B", owner: null });
  });

  it.each([
    [{ principal: "app" }, true],
    [{ principal: "a??" }, true],
    [{ principal: "ops-*" }, false],
    [{ resource: "*" }, false],
    [{ field: "status" }, true],
    [{ field: "acl" }, false],
    [{ target: "huawei/*" }, false],
    [{ target: ALI_KEY }, true],
  ])("matching %j → %s", (over, applies) => {
    expect(runWith([waiver(over)]).findings[0]!.waiver !== null).toBe(applies);
  });

  it("applies through the last UTC day of `expires` and expires the day after", () => {
    expect(
      runWith([waiver()], new Date("2026-11-25T23:59:59.999Z")).findings[0]!.waiver,
    ).not.toBeNull();
    const late = runWith([waiver({ principal: "app" })], new Date("2026-11-26T00:00:00Z"));
    expect(late.findings[0]!.waiver).toBeNull();
    expect(late.status).toBe("drift");
    expect(late.expiredWaivers).toEqual([
      {
        id: "W-1",
        target: "alibaba/*",
        principal: "app",
        resource: null,
        field: null,
        reason: "migration",
        owner: null,
        expires: "2026-11-25",
      },
    ]);
  });

  it("uses the UTC date of `now`, not a local one", () => {
    // 2026-11-26T01:00+08:00 is still the 25th in UTC.
    expect(
      runWith([waiver()], new Date("2026-11-26T01:00:00+08:00")).findings[0]!.waiver,
    ).not.toBeNull();
  });

  it("never waives an unreadable target", () => {
    const result = compare(
      baselineOf([aliTarget()], { waivers: [waiver({ target: "*" })] }),
      snapshotOf([]),
      { now: NOW },
    );
    expect(result.findings[0]!.waiver).toBeNull();
    expect(result.status).toBe("incomplete");
  });
});

describe("ids and order", () => {
  it("ids hash (target, principal, resource, field, kind) and are stable", () => {
    const { target, snap } = drifted();
    const result = compare(baselineOf([target]), snapshotOf([snap]), { now: NOW });
    expect(result.findings[0]!.id).toBe(findingId(ALI_KEY, "app", null, "status", "changed"));
    expect(result.findings[0]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(findingId("t", null, null, "status", "changed")).not.toBe(
      findingId("t", "null", null, "status", "changed"),
    );
  });

  it("sorts by target, principal, resource, field, kind with nulls first", () => {
    const result = compare(
      baselineOf([
        hwTarget({
          instance: { aclEnabled: true },
          users: { b: { admin: false, topicPerms: { t: "PUB" } }, a: {} },
        }),
        aliTarget({ instance: { vpcAuthFree: false }, accounts: {} }),
      ]),
      snapshotOf([
        hwSnap({ instance: { aclEnabled: false }, users: [hwUser("b", { admin: true })] }),
        aliSnap({
          instance: { aclTypes: [], vpcAuthFree: true, internetWhitelist: [] },
          accounts: [account("z")],
        }),
      ]),
      { now: NOW },
    );
    expect(
      result.findings.map((f) => [f.target.slice(0, 3), f.principal, f.resource, f.field]),
    ).toEqual([
      ["ali", null, null, "vpcAuthFree"],
      ["ali", "z", null, "principal"],
      ["hua", null, null, "aclEnabled"],
      ["hua", "a", null, "principal"],
      ["hua", "b", null, "admin"],
      ["hua", "b", "Topic:t", "topicPerm"],
    ]);
  });

  it("gives byte-identical output for the same input", () => {
    const { target, snap } = drifted();
    const one = JSON.stringify(compare(baselineOf([target]), snapshotOf([snap]), { now: NOW }));
    const two = JSON.stringify(compare(baselineOf([target]), snapshotOf([snap]), { now: NOW }));
    expect(one).toBe(two);
  });
});
