import { describe, expect, it } from "vitest";
import type { Acl2Entry, Acl2EntryExpectation } from "../../shared/model/acl2.ts";
import { account, aliSnap, aliTarget, run1, summary } from "../support/targets.ts";

const want = (acls: Acl2EntryExpectation[]) => aliTarget({ accounts: { app: { acls } } });
const have = (acls: Acl2Entry[], more = {}) =>
  aliSnap({ accounts: [account("app", { acls, ...more })] });
const acl = (over: Partial<Acl2Entry> = {}): Acl2Entry => ({
  resource: "Topic:t",
  decision: "Allow",
  actions: ["Pub"],
  ipWhitelists: [],
  ...over,
});

describe("Alibaba instance fields", () => {
  it.each([
    [{ vpcAuthFree: false }, { vpcAuthFree: true }, "- - vpcAuthFree changed escalation critical"],
    [{ vpcAuthFree: true }, { vpcAuthFree: false }, "- - vpcAuthFree changed restriction low"],
    [{ aclTypes: ["apache_acl"] }, { aclTypes: ["default"] }, "- - aclTypes changed lateral high"],
    [
      { aclTypes: ["apache_acl"] },
      { aclTypes: ["default", "APACHE"] },
      "- - aclTypes changed lateral high",
    ],
    [
      { internetWhitelist: ["203.0.113.0/24"] },
      { internetWhitelist: ["0.0.0.0/0"] },
      "- - internetWhitelist changed escalation critical",
    ],
    [
      { internetWhitelist: ["203.0.113.0/24"] },
      { internetWhitelist: [] },
      "- - internetWhitelist changed escalation critical",
    ],
    [
      { internetWhitelist: ["203.0.113.0/24"] },
      { internetWhitelist: ["203.0.0.0/16"] },
      "- - internetWhitelist changed escalation high",
    ],
    [
      { internetWhitelist: [] },
      { internetWhitelist: ["203.0.113.0/24"] },
      "- - internetWhitelist changed restriction low",
    ],
    [
      { internetWhitelist: ["0.0.0.0/0"] },
      { internetWhitelist: [] },
      "- - internetWhitelist changed escalation high",
    ],
    [
      { internetWhitelist: ["10.0.0.0/8"] },
      { internetWhitelist: ["11.0.0.0/8"] },
      "- - internetWhitelist changed lateral high",
    ],
    [
      { accessWhitelist: ["10.0.0.0/8"] },
      { accessWhitelist: ["0.0.0.0/0"] },
      "- - accessWhitelist changed escalation critical",
    ],
    [
      { accessWhitelist: ["10.0.0.0/8"] },
      { accessWhitelist: [] },
      "- - accessWhitelist changed escalation critical",
    ],
    [
      { accessWhitelist: ["10.0.0.0/8"] },
      { accessWhitelist: ["10.0.0.0/8", "192.168.0.0/16"] },
      "- - accessWhitelist changed escalation high",
    ],
    [
      { accessWhitelist: ["0.0.0.0/0"] },
      { accessWhitelist: ["10.0.0.0/8"] },
      "- - accessWhitelist changed restriction low",
    ],
    [
      { accessWhitelist: ["10.0.0.0/8"] },
      { accessWhitelist: ["172.16.0.0/12"] },
      "- - accessWhitelist changed lateral high",
    ],
    [{ accessWhitelist: ["10.0.0.0/8"] }, { accessWhitelist: ["10.0.0.0/8"] }, undefined],
    [{ vpcAuthFree: false }, { vpcAuthFree: undefined }, "- - vpcAuthFree missing lateral high"],
    [{ aclTypes: ["apache_acl"] }, { aclTypes: undefined }, "- - aclTypes missing lateral high"],
    [
      { accessWhitelist: ["10.0.0.0/8"] },
      { accessWhitelist: undefined },
      "- - accessWhitelist missing lateral high",
    ],
  ])("%j → %j", (expected, actual, row) => {
    const base = {
      aclTypes: ["apache_acl"],
      vpcAuthFree: false,
      internetWhitelist: [],
      accessWhitelist: ["0.0.0.0/0"],
    };
    const result = run1(
      aliTarget({ instance: expected }),
      aliSnap({ instance: { ...base, ...actual } }),
    );
    expect(summary(result)).toEqual(row === undefined ? [] : [row]);
  });

  it("a setting the cloud does not report is a finding that says so, and never guessed", () => {
    const result = run1(
      aliTarget({ instance: { vpcAuthFree: false, internetWhitelist: [] } }),
      aliSnap({ instance: { internetWhitelist: [] } }),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      field: "vpcAuthFree",
      kind: "missing",
      expected: false,
      actual: null,
    });
    expect(result.findings[0]?.message).toContain("does not report");
  });

  it("an access whitelist widened from 10.0.0.0/8 to 0.0.0.0/0 is a critical escalation", () => {
    const result = run1(
      aliTarget({ instance: { accessWhitelist: ["10.0.0.0/8"] } }),
      aliSnap({
        instance: {
          aclTypes: [],
          vpcAuthFree: false,
          internetWhitelist: [],
          accessWhitelist: ["0.0.0.0/0"],
        },
      }),
    );
    expect(result.findings).toMatchObject([
      {
        field: "accessWhitelist",
        kind: "changed",
        direction: "escalation",
        severity: "critical",
        expected: ["10.0.0.0/8"],
        actual: ["0.0.0.0/0"],
      },
    ]);
    expect(result.findings[0]?.message).toContain("access-control IP whitelist");
  });

  it("compares aclTypes as a normalised set: APACHE = apache_acl, order and case ignored", () => {
    const result = run1(
      aliTarget({ instance: { aclTypes: ["default", "apache_acl"] } }),
      aliSnap({
        instance: {
          aclTypes: ["APACHE", "Default"],
          vpcAuthFree: true,
          internetWhitelist: ["1.1.1.1"],
        },
      }),
    );
    expect(result.findings).toEqual([]);
  });

  it("shows address sets canonically, empty as any address", () => {
    const result = run1(
      aliTarget({ instance: { internetWhitelist: ["203.0.113.9/24"] } }),
      aliSnap(),
    );
    expect(result.findings[0]).toMatchObject({
      expected: ["203.0.113.0/24"],
      actual: ["0.0.0.0/0", "::/0"],
    });
  });
});

describe("Alibaba accounts", () => {
  it("missing principal: one finding, restriction, medium, carrying the whole baseline account", () => {
    const result = run1(
      aliTarget({
        accounts: {
          app: {
            status: "ENABLE",
            acls: [{ resource: "Topic:t", decision: "Allow", actions: ["pub"] }],
          },
        },
      }),
      aliSnap(),
    );
    expect(summary(result)).toEqual(["app - principal missing restriction medium"]);
    expect(result.findings[0]!.expected).toEqual({
      username: "app",
      status: "ENABLE",
      acls: [{ resource: "Topic:t", decision: "Allow", actions: ["Pub"], ipWhitelists: null }],
    });
  });

  it("unexpected principal: one finding, escalation, high, carrying the whole cloud account", () => {
    const result = run1(
      aliTarget({ accounts: {} }),
      aliSnap({ accounts: [account("x", { acls: [acl()] })] }),
    );
    expect(summary(result)).toEqual(["x - principal unexpected escalation high"]);
    expect(result.findings[0]!.actual).toEqual({
      username: "x",
      status: "ENABLE",
      accountType: "CUSTOMER",
      acls: [
        {
          resource: "Topic:t",
          decision: "Allow",
          actions: ["Pub"],
          ipWhitelists: ["0.0.0.0/0", "::/0"],
        },
      ],
    });
  });

  it("does not check principals when the target has no accounts key", () => {
    expect(run1(aliTarget(), aliSnap({ accounts: [account("x")] })).findings).toEqual([]);
  });

  it("checks only status for an account without acls", () => {
    const result = run1(
      aliTarget({ accounts: { app: { status: "ENABLE" } } }),
      have([acl({ decision: "Deny" })], { status: "DISABLE" }),
    );
    expect(summary(result)).toEqual(["app - status changed restriction medium"]);
  });

  it("status DISABLE → ENABLE is an escalation (high)", () => {
    const result = run1(aliTarget({ accounts: { app: { status: "DISABLE" } } }), have([]));
    expect(summary(result)).toEqual(["app - status changed escalation high"]);
  });

  it("unmanaged: ignore drops unexpected principals and entries", () => {
    const result = run1(
      aliTarget({ unmanaged: "ignore", accounts: { app: { acls: [] } } }),
      aliSnap({ accounts: [account("app", { acls: [acl()] }), account("other")] }),
    );
    expect(result.findings).toEqual([]);
  });
});

describe("Alibaba ACL entries", () => {
  it.each([
    [
      "missing Allow",
      [{ resource: "Topic:t", decision: "Allow" as const }],
      [],
      "app Topic:t acl missing restriction medium",
    ],
    [
      "missing Deny",
      [{ resource: "Topic:t", decision: "Deny" as const }],
      [],
      "app Topic:t acl missing escalation high",
    ],
    ["unexpected Allow", [], [acl()], "app Topic:t acl unexpected escalation high"],
    [
      "unexpected Deny",
      [],
      [acl({ decision: "Deny" })],
      "app Topic:t acl unexpected restriction low",
    ],
    [
      "Deny → Allow from a VPC range",
      [{ resource: "Topic:t", decision: "Deny" as const }],
      [acl({ ipWhitelists: ["10.0.0.0/8"] })],
      "app Topic:t decision changed escalation high",
    ],
    [
      "Deny → Allow from any address",
      [{ resource: "Topic:t", decision: "Deny" as const }],
      [acl()],
      "app Topic:t decision changed escalation critical",
    ],
    [
      "Allow → Deny",
      [{ resource: "Topic:t", decision: "Allow" as const }],
      [acl({ decision: "Deny" })],
      "app Topic:t decision changed restriction low",
    ],
    [
      "actions widened",
      [{ resource: "Topic:t", decision: "Allow" as const, actions: ["Pub"] }],
      [acl({ actions: ["Pub|Sub"] })],
      "app Topic:t actions changed escalation high",
    ],
    [
      "actions narrowed",
      [{ resource: "Topic:t", decision: "Allow" as const, actions: ["Pub", "Sub"] }],
      [acl()],
      "app Topic:t actions changed restriction low",
    ],
    [
      "actions swapped",
      [{ resource: "Topic:t", decision: "Allow" as const, actions: ["Sub"] }],
      [acl()],
      "app Topic:t actions changed lateral high",
    ],
    [
      "All ⊋ Pub",
      [{ resource: "Topic:t", decision: "Allow" as const, actions: ["Pub"] }],
      [acl({ actions: ["All"] })],
      "app Topic:t actions changed escalation high",
    ],
    [
      "Deny actions widened",
      [{ resource: "Topic:t", decision: "Deny" as const, actions: ["Pub"] }],
      [acl({ decision: "Deny", actions: ["Pub", "Sub"] })],
      "app Topic:t actions changed restriction low",
    ],
    [
      "ips widened to all IPv4",
      [{ resource: "Topic:t", decision: "Allow" as const, ipWhitelists: ["10.0.0.0/8"] }],
      [acl({ ipWhitelists: ["0.0.0.0/0"] })],
      "app Topic:t ipWhitelists changed escalation critical",
    ],
    [
      "ips widened to any (empty)",
      [{ resource: "Topic:t", decision: "Allow" as const, ipWhitelists: ["10.0.0.0/8"] }],
      [acl()],
      "app Topic:t ipWhitelists changed escalation critical",
    ],
    [
      "ips widened partly",
      [{ resource: "Topic:t", decision: "Allow" as const, ipWhitelists: ["10.0.0.0/8"] }],
      [acl({ ipWhitelists: ["10.0.0.0/7"] })],
      "app Topic:t ipWhitelists changed escalation high",
    ],
    [
      "ips narrowed from any",
      [{ resource: "Topic:t", decision: "Allow" as const, ipWhitelists: [] }],
      [acl({ ipWhitelists: ["10.0.0.0/8"] })],
      "app Topic:t ipWhitelists changed restriction low",
    ],
    [
      "Deny ips narrowed",
      [{ resource: "Topic:t", decision: "Deny" as const, ipWhitelists: [] }],
      [acl({ decision: "Deny", ipWhitelists: ["10.0.0.0/8"] })],
      "app Topic:t ipWhitelists changed escalation high",
    ],
    [
      "Deny ips widened to all",
      [{ resource: "Topic:t", decision: "Deny" as const, ipWhitelists: ["10.0.0.0/8"] }],
      [acl({ decision: "Deny", ipWhitelists: ["0.0.0.0/0"] })],
      "app Topic:t ipWhitelists changed restriction low",
    ],
    [
      "unparseable cloud ips",
      [{ resource: "Topic:t", decision: "Allow" as const, ipWhitelists: ["10.0.0.0/8"] }],
      [acl({ ipWhitelists: ["10.0.0.0/x"] })],
      "app Topic:t ipWhitelists changed lateral high",
    ],
  ])("%s", (_name, expected, actual, row) => {
    expect(summary(run1(want(expected), have(actual)))).toEqual([row]);
  });

  it("a decision change is one finding carrying decision, actions and addresses", () => {
    const result = run1(
      want([
        { resource: "Topic:t", decision: "Deny", actions: ["Pub"], ipWhitelists: ["10.0.0.0/8"] },
      ]),
      have([acl({ actions: ["Pub", "Sub"] })]),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      field: "decision",
      severity: "critical",
      expected: { decision: "Deny", actions: ["Pub"], ipWhitelists: ["10.0.0.0/8"] },
      actual: { decision: "Allow", actions: ["Pub", "Sub"], ipWhitelists: ["0.0.0.0/0", "::/0"] },
    });
    expect(result.findings[0]?.message).toContain("now admits every IPv4 address");
  });

  it("does not check actions or ipWhitelists absent from the baseline entry", () => {
    const result = run1(
      want([{ resource: "Topic:t", decision: "Allow" }]),
      have([acl({ actions: ["All"], ipWhitelists: ["1.2.3.4"] })]),
    );
    expect(result.findings).toEqual([]);
  });

  it("compares equal sets written differently as equal", () => {
    const result = run1(
      want([
        {
          resource: "Topic:t",
          decision: "Allow",
          actions: ["Sub", "Pub"],
          ipWhitelists: ["10.0.0.1", "10.0.0.0/31"],
        },
      ]),
      have([acl({ actions: ["pub|SUB"], ipWhitelists: ["10.0.0.0/31"] })]),
    );
    expect(result.findings).toEqual([]);
  });

  it("reads duplicate cloud entries for one resource the way that grants more", () => {
    const result = run1(
      want([
        { resource: "Topic:t", decision: "Allow", actions: ["Pub"], ipWhitelists: ["10.0.0.0/8"] },
      ]),
      have([
        acl({ ipWhitelists: ["10.0.0.0/8"] }),
        acl({ decision: "Deny", actions: ["Pub"] }),
        acl({ actions: ["Sub"], ipWhitelists: ["11.0.0.0/8"] }),
      ]),
    );
    expect(summary(result)).toEqual([
      "app Topic:t actions changed escalation high",
      "app Topic:t ipWhitelists changed escalation high",
    ]);
  });

  it("uses the later of two baseline entries for one resource", () => {
    const result = run1(
      want([
        { resource: "Topic:t", decision: "Deny" },
        { resource: "Topic:t", decision: "Allow", actions: ["Pub"] },
      ]),
      have([acl()]),
    );
    expect(result.findings).toEqual([]);
  });

  it("writes one readable sentence per finding", () => {
    const result = run1(
      want([{ resource: "Topic:t", decision: "Allow", ipWhitelists: ["10.0.0.0/8"] }]),
      have([acl({ ipWhitelists: ["0.0.0.0/0"] })]),
    );
    expect(result.findings[0]!.message).toBe(
      "Alibaba account app: Allow entry Topic:t ipWhitelists widened from 10.0.0.0/8 to every IPv4 address (0.0.0.0/0) (escalation).",
    );
  });
});
