// Every problem is reported with the line:column of the YAML node it is about, in one pass.
import { describe, expect, it } from "vitest";
import { FILE, problemsOf, warningsOf, yaml } from "../support/baselines.ts";

const ALIBABA_TARGET = [
  "  - provider: alibaba",
  "    region: cn-hangzhou",
  "    instanceId: rmq-cn-1",
];

const HUAWEI_TARGET = [
  "  - provider: huawei",
  "    region: cn-north-4",
  "    projectId: 0123456789abcdef0123456789abcdef",
  "    instanceId: 11111111-2222-3333-4444-555555555555",
];

describe("positioned errors", () => {
  it("points an unknown key at the key itself and lists the keys that exist", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      ...ALIBABA_TARGET,
      "    accounts:",
      "      app-orders:",
      "        statsu: ENABLE",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:8:9  targets[0].accounts.app-orders.statsu  unknown key "statsu" (expected one of: status, acls)`,
    ]);
  });

  it("names the allowed values of an enum", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      ...ALIBABA_TARGET,
      "    accounts:",
      "      app-orders:",
      "        status: enabled",
      "        acls:",
      '          - { resource: "Topic:orders", decision: allow }',
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:8:17  targets[0].accounts.app-orders.status  expected one of ENABLE, DISABLE, got "enabled"`,
      `${FILE}:10:51  targets[0].accounts.app-orders.acls[0].decision  expected one of Allow, Deny, got "allow" (did you mean Allow?)`,
    ]);
  });

  it("rejects a bad CIDR in an ACL and in the internet whitelist", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      ...ALIBABA_TARGET,
      "    instance:",
      "      internetWhitelist: [203.0.113.0/24, 10.0.0.300]",
      "    accounts:",
      "      app-orders:",
      "        acls:",
      '          - resource: "Topic:orders"',
      "            decision: Allow",
      "            ipWhitelists:",
      "              - 10.0.0.0/33",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:7:43  targets[0].instance.internetWhitelist[1]  "10.0.0.300" is not an IPv4 address: octet "300" must be 0–255 without leading zeros`,
      `${FILE}:14:17  targets[0].accounts.app-orders.acls[0].ipWhitelists[0]  "10.0.0.0/33": prefix length "/33" must be 0–32 for IPv4`,
    ]);
  });

  it("rejects PUB and PUB|SUB as group permissions", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      ...HUAWEI_TARGET,
      "    users:",
      "      test_01:",
      "        defaultGroupPerm: PUB",
      "        groupPerms: { GID_a: SUB, GID_b: PUB|SUB }",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:9:27  targets[0].users.test_01.defaultGroupPerm  a group permission takes SUB or DENY, got "PUB" (groups are only checked for SUB)`,
      `${FILE}:10:42  targets[0].users.test_01.groupPerms.GID_b  a group permission takes SUB or DENY, got "PUB|SUB" (groups are only checked for SUB)`,
    ]);
  });

  it("names the line of the first of two identical targets", () => {
    const text = yaml("version: 1", "targets:", ...ALIBABA_TARGET, ...ALIBABA_TARGET);
    expect(problemsOf(text)).toEqual([
      `${FILE}:6:5  targets[1]  duplicate target alibaba/cn-hangzhou/rmq-cn-1 (first defined at line 3)`,
    ]);
  });

  it("rejects a duplicate waiver id and an impossible date", () => {
    const text = yaml(
      "version: 1",
      "waivers:",
      "  - { id: OPS-1, target: alibaba/*, reason: r, expires: 2027-01-31 }",
      "  - { id: OPS-1, target: alibaba/*, reason: r, expires: 2027-02-30 }",
      "  - { id: OPS-2, target: huawei/*, reason: r, expires: 2027-01-31 }",
      "targets:",
      ...ALIBABA_TARGET,
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:4:11  waivers[1].id  duplicate waiver id "OPS-1" (first defined at line 3)`,
      `${FILE}:4:57  waivers[1].expires  expected a real calendar date, got "2027-02-30"`,
    ]);
  });

  it("a waiver that matches no target is a positioned warning, not an error", () => {
    const text = yaml(
      "version: 1",
      "waivers:",
      "  - { id: OPS-1, target: alibaba/*, reason: r, expires: 2027-01-31 }",
      "  - { id: OPS-2, target: huawei/*, reason: r, expires: 2027-01-31 }",
      "targets:",
      ...ALIBABA_TARGET,
    );
    expect(problemsOf(text)).toEqual([]);
    expect(warningsOf(text)).toEqual([
      `${FILE}:4:26  waivers[1].target  waiver "OPS-2": "huawei/*" matches no target in this baseline`,
    ]);
  });

  it("reports a YAML syntax error with its position", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      "  - provider: alibaba",
      "    region: [cn-hangzhou",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:5:1  (root)  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it("reports a duplicate YAML key", () => {
    const text = yaml("version: 1", "targets:", ...ALIBABA_TARGET, "    region: cn-shanghai");
    expect(problemsOf(text)).toEqual([
      `${FILE}:6:5  targets[0].region  duplicate key "region" (each key may appear once)`,
    ]);
  });

  it("points a missing key at the map that lacks it", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      "  - provider: huawei",
      "    region: cn-north-4",
      "    instanceId: 11111111-2222-3333-4444-555555555555",
      "  - region: cn-north-4",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:3:5  targets[0].projectId  missing required key "projectId"`,
      `${FILE}:6:5  targets[1].provider  missing required key "provider" (one of: alibaba, huawei)`,
    ]);
  });

  it("says to quote a number where a string is expected, and rejects an empty file", () => {
    const text = yaml("version: 1", "targets:", ...HUAWEI_TARGET.slice(0, 3), "    instanceId: 42");
    expect(problemsOf(text)).toEqual([
      `${FILE}:6:17  targets[0].instanceId  expected a string, got number 42 (quote it to make it a string)`,
    ]);
    expect(problemsOf("# nothing yet\n")).toEqual([
      `${FILE}:1:1  (root)  the baseline is empty (expected a map with version and targets)`,
    ]);
  });
});

describe("all problems at once", () => {
  it("reports schema and semantic problems of every target and waiver, in file order", () => {
    const text = yaml(
      "version: 2",
      "waivers:",
      "  - { id: W-1, target: alibaba/*, reason: r, expires: 2027-13-01, field: ipWhitelist }",
      "targets:",
      ...ALIBABA_TARGET,
      "    accounts:",
      "      app-orders:",
      "        statsu: ENABLE",
      "        acls:",
      '          - { resource: "Topic:orders", decision: Allow, actions: [Pub, Publish] }',
      '          - { resource: "topic:orders", decision: Allow, ipWhitelists: [10.0.0.0/33] }',
      '          - { resource: "Group:GID_a", decision: Allow, actions: ["Pub|Sub"] }',
      "  - provider: huawei",
      "    region: cn-north-4",
      "    projectId: 0123456789abcdef0123456789abcdef",
      "    instanceId: ins-1",
      "    users:",
      "      test_01: { whitelist: 10.0.0.0/8, defaultGroupPerm: PUB }",
    );
    const ipv4 = '"10.0.0.0/33": prefix length "/33" must be 0–32 for IPv4';
    expect(problemsOf(text)).toEqual([
      `${FILE}:1:10  version  expected 1, got 2`,
      `${FILE}:3:55  waivers[0].expires  expected a real calendar date, got "2027-13-01"`,
      `${FILE}:3:74  waivers[0].field  unknown finding field "ipWhitelist" (expected one of: principal, acl, status, admin, whitelist, defaultTopicPerm, defaultGroupPerm, topicPerm, groupPerm, decision, actions, ipWhitelists, aclEnabled, aclTypes, vpcAuthFree, internetWhitelist, accessWhitelist, target, instance)`,
      `${FILE}:10:9  targets[0].accounts.app-orders.statsu  unknown key "statsu" (expected one of: status, acls)`,
      `${FILE}:12:73  targets[0].accounts.app-orders.acls[0].actions[1]  unknown action "Publish" (expected Pub, Sub or Pub|Sub)`,
      `${FILE}:13:25  targets[0].accounts.app-orders.acls[1].resource  expected Topic:<name> or Group:<name> (capitalised as shown), got "topic:orders"`,
      `${FILE}:13:73  targets[0].accounts.app-orders.acls[1].ipWhitelists[0]  ${ipv4}`,
      `${FILE}:14:67  targets[0].accounts.app-orders.acls[2].actions[0]  a Group resource only takes Sub, got "Pub|Sub"`,
      `${FILE}:18:17  targets[1].instanceId  expected a UUID such as 11111111-2222-3333-4444-555555555555 (DMS rejects other instance ids with DMS.00400030), got "ins-1"`,
      `${FILE}:20:29  targets[1].users.test_01.whitelist  whitelist pattern "10.0.0.0/8": CIDR "10.0.0.0/8" is not supported (use a.b.c.* or a.b.c.1-100)`,
      `${FILE}:20:59  targets[1].users.test_01.defaultGroupPerm  a group permission takes SUB or DENY, got "PUB" (groups are only checked for SUB)`,
    ]);
  });
});

describe("validate refuses what audit would refuse", () => {
  it("regions, id shapes, unaddressable names and endpoints with a path, all at once", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      "  - provider: alibaba",
      "    region: cn-hangzou",
      "    instanceId: rmq-cn-1/../x",
      "    accounts:",
      '      "..": {}',
      '      "app\\u0007bell": {}',
      "  - provider: alibaba",
      "    region: xx-private-1",
      "    instanceId: rmq-cn-2",
      "    endpoint: https://rocketmq.example.com/v1/api",
      "  - provider: alibaba",
      "    region: xx-private-1",
      "    instanceId: rmq-cn-3",
      "    endpoint: https://rocketmq.example.com",
      "  - provider: huawei",
      "    region: cn-north-44",
      "    projectId: 0123-not-hex",
      "    instanceId: 11111111-2222-3333-4444-555555555555",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:4:13  targets[0].region  unknown alibaba region "cn-hangzou" (did you mean cn-hangzhou?); set the target's endpoint to reach a region rmq-drift does not list`,
      `${FILE}:5:17  targets[0].instanceId  expected an instance id such as rmq-cn-7e22ody0001 (the ApsaraMQ for RocketMQ 5.x form), got "rmq-cn-1/../x"`,
      `${FILE}:7:7  targets[0].accounts[".."]  principal ".." cannot be addressed: it is "." or ".." or contains "/"`,
      `${FILE}:8:7  targets[0].accounts["app\\u0007bell"]  principal "app\\u0007bell" contains a control character`,
      `${FILE}:12:15  targets[1].endpoint  expected an origin (scheme://host[:port], e.g. https://rocketmq.cn-hangzhou.aliyuncs.com) without path, query or user info`,
      `${FILE}:18:13  targets[3].region  unknown huawei region "cn-north-44" (did you mean cn-north-4?); set the target's endpoint to reach a region rmq-drift does not list`,
      `${FILE}:19:16  targets[3].projectId  expected an IAM project id of 32 hex digits, got "0123-not-hex"`,
    ]);
  });
});
