import { describe, expect, it } from "vitest";
import { checkBaseline, isCalendarDate, partsOf } from "../../shared/baseline/check.ts";
import type { Baseline } from "../../shared/baseline/schema.ts";
import type { Acl2EntryExpectation } from "../../shared/model/acl2.ts";
import { formatPath } from "../../shared/model/path.ts";
import { FILE, problemsOf, yaml } from "../support/baselines.ts";
import { aliTarget, baselineOf } from "../support/targets.ts";

function alibaba(acls: Acl2EntryExpectation[]): Baseline {
  return baselineOf([aliTarget({ accounts: { app: { acls } } })]);
}

function messagesOf(baseline: Baseline): string[] {
  return checkBaseline(partsOf(baseline)).map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe("Alibaba ACL entries", () => {
  it("accepts Pub/Sub in any case and as one Pub|Sub string", () => {
    const baseline = alibaba([
      { resource: "Topic:a", decision: "Allow", actions: ["pub", "SUB"] },
      { resource: "Topic:b", decision: "Allow", actions: ["Pub|Sub"] },
      {
        resource: "Group:g",
        decision: "Deny",
        actions: ["sub"],
        ipWhitelists: ["::1", "fd00::/8"],
      },
    ]);
    expect(messagesOf(baseline)).toEqual([]);
  });

  it("rejects resources without a Topic:/Group: type or without a name", () => {
    const baseline = alibaba([
      { resource: "Topic:", decision: "Allow" },
      { resource: "Queue:x", decision: "Allow" },
      { resource: "orders", decision: "Allow" },
    ]);
    expect(messagesOf(baseline)).toEqual([
      'targets[0].accounts.app.acls[0].resource: the Topic name after "Topic:" is empty',
      'targets[0].accounts.app.acls[1].resource: expected Topic:<name> or Group:<name>, got "Queue:x"',
      'targets[0].accounts.app.acls[2].resource: expected Topic:<name> or Group:<name>, got "orders"',
    ]);
  });

  it("rejects Pub on a group and an empty action token", () => {
    const baseline = alibaba([
      { resource: "Group:g", decision: "Allow", actions: ["Pub"] },
      { resource: "Topic:t", decision: "Allow", actions: ["Pub|"] },
    ]);
    expect(messagesOf(baseline)).toEqual([
      'targets[0].accounts.app.acls[0].actions[0]: a Group resource only takes Sub, got "Pub"',
      'targets[0].accounts.app.acls[1].actions[0]: unknown action "" (expected Pub, Sub or Pub|Sub)',
    ]);
  });

  it("rejects two entries for the same resource in one account, naming the first one's line", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      "  - provider: alibaba",
      "    region: cn-hangzhou",
      "    instanceId: rmq-cn-1",
      "    accounts:",
      "      app:",
      "        acls:",
      '          - { resource: "Topic:a", decision: Allow }',
      '          - { resource: "Topic:b", decision: Allow }',
      '          - { resource: "Topic:a", decision: Deny }',
      "      other:",
      '        acls: [{ resource: "Topic:a", decision: Allow }]',
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:11:25  targets[0].accounts.app.acls[2].resource  duplicate entry for "Topic:a" in this account (first defined at line 9)`,
    ]);
  });
});

describe("Huawei users", () => {
  it("accepts RocketMQ 4.x whitelist patterns, an empty whitelist and SUB/DENY group perms", () => {
    const baseline: Baseline = {
      version: 1,
      targets: [
        {
          provider: "huawei",
          region: "cn-north-4",
          projectId: "0123456789abcdef0123456789abcdef",
          instanceId: "11111111-2222-3333-4444-55555555555F",
          users: {
            a: { whitelist: "192.168.1.*", defaultGroupPerm: "SUB", groupPerms: { g: "DENY" } },
            b: { whitelist: "10.0.0.1,10.0.0.2" },
            c: { whitelist: "" },
            d: { whitelist: "192.168.0.{1,2}", defaultTopicPerm: "SUB|PUB" },
          },
        },
      ],
    };
    expect(messagesOf(baseline)).toEqual([]);
  });
});

describe("waivers", () => {
  const target = {
    provider: "alibaba",
    region: "cn-hangzhou",
    instanceId: "rmq-cn-7e22ody0001",
  } as const;
  const waiver = { id: "W", reason: "r", expires: "2028-02-29" };

  it("accepts globs that match a target and fields that findings have", () => {
    const baseline: Baseline = {
      version: 1,
      targets: [target],
      waivers: [
        { ...waiver, target: "alibaba/*" },
        { ...waiver, id: "W2", target: "alibaba/cn-hangzhou/rmq-cn-7e22ody000?", field: "acl" },
        { ...waiver, id: "W3", target: "*", field: "target" },
      ],
    };
    expect(messagesOf(baseline)).toEqual([]);
  });

  it("does not call a waiver dangling while a target is itself invalid", () => {
    const text = yaml(
      "version: 1",
      "waivers: [{ id: W, target: huawei/*, reason: r, expires: 2027-01-01 }]",
      "targets:",
      "  - { provider: huawei, region: cn-north-4, instanceId: 11111111-2222-3333-4444-555555555555 }",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:4:5  targets[0].projectId  missing required key "projectId"`,
    ]);
  });

  it("knows real calendar dates", () => {
    expect(["2028-02-29", "2027-12-31", "2027-01-01"].map(isCalendarDate)).toEqual([
      true,
      true,
      true,
    ]);
    expect(["2027-02-29", "2027-04-31", "2027-00-10", "2027-01-00"].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("target endpoints", () => {
  const withEndpoint = (endpoint: string): Baseline => ({
    version: 1,
    targets: [{ provider: "alibaba", region: "cn-hangzhou", instanceId: "rmq-cn-1", endpoint }],
  });

  it("accepts https anywhere and plain http on loopback only (credentials and secrets travel here)", () => {
    expect(messagesOf(withEndpoint("https://rocketmq-vpc.cn-hangzhou.aliyuncs.com"))).toEqual([]);
    expect(messagesOf(withEndpoint("http://127.0.0.1:9400"))).toEqual([]);
    expect(messagesOf(withEndpoint("http://[::1]:9400"))).toEqual([]);
    expect(messagesOf(withEndpoint("http://10.1.2.3:8080"))).toEqual([
      "targets[0].endpoint: plain http is only allowed for loopback addresses (127.0.0.0/8, localhost, ::1); use https",
    ]);
  });
});
