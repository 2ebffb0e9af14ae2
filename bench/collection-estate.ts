// The collection bench's estate: N× (10 Alibaba instances × 200 accounts × 10 ACL entries, 10 Huawei
// instances × 150 users), the sandbox seed that serves it and the baseline it drifted from. Two
// accounts per Alibaba instance and one user per Huawei instance have drifted (distinct names on
// every instance, as in real estates where account names repeat but drift does not), and one
// undeclared account sits on the first Alibaba instance.
import type { AlibabaSeed } from "../sandbox/alibaba.ts";
import { DEMO_CREDENTIALS, DEMO_PROJECT, type DemoEstate } from "../sandbox/demo-estate.ts";
import type { HuaweiSeedInput } from "../sandbox/huawei.ts";

export const ACCOUNTS = 200;
export const ACL_ENTRIES = 10;
export const USERS = 150;
export const INSTANCES_PER_CLOUD = 10;

export interface BenchEstate {
  estate: DemoEstate;
  /** The baseline, as JSON (which is YAML). */
  baseline: object;
  alibabaInstances: string[];
  huaweiInstances: string[];
}

const REGION_A = "cn-hangzhou";
const REGION_H = "cn-north-4";
const WIDE = ["0.0.0.0/0"];
const VPC = ["10.0.0.0/8"];

const huaweiId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

function aclsOf(username: string, a: number, drifted: boolean) {
  return Array.from({ length: ACL_ENTRIES }, (_, e) => ({
    username,
    resourceType: e % 5 === 0 ? "Group" : "Topic",
    resourceName: e % 5 === 0 ? `GID_${a}_${e}` : `topic-${a}-${e}`,
    decision: "Allow",
    actions: e % 5 === 0 ? ["Sub"] : ["Pub"],
    // The drift: one entry of the account is now open to every address.
    ipWhitelists: drifted && e === 1 ? WIDE : VPC,
  }));
}

function alibabaInstance(i: number) {
  const instanceId = `rmq-cn-bench-${i}`;
  const drifted = new Set([`app-${2 * i}`, `app-${2 * i + 1}`]);
  const names = Array.from({ length: ACCOUNTS }, (_, a) => `app-${a}`);
  if (i === 0) names.push("intruder");
  const accounts = names.map((username) => ({
    username,
    password: `bench-pw-${username}`,
    accountType: "CUSTOMER",
    accountStatus: "ENABLE",
  }));
  const acls = names.flatMap((u, a) => aclsOf(u, a, drifted.has(u)));
  const seed: AlibabaSeed["instances"][number] = {
    regionId: REGION_A,
    instanceId,
    aclTypes: ["apache_acl"],
    vpcAuthFree: false,
    internetWhitelist: [],
    accounts,
    acls,
  };
  const expected = Object.fromEntries(
    names
      .filter((u) => u !== "intruder")
      .map((u, a) => [
        u,
        {
          status: "ENABLE",
          acls: aclsOf(u, a, false).map((e) => ({
            resource: `${e.resourceType}:${e.resourceName}`,
            decision: e.decision,
            actions: e.actions,
            ipWhitelists: e.ipWhitelists,
          })),
        },
      ]),
  );
  const target = {
    provider: "alibaba",
    region: REGION_A,
    instanceId,
    instance: { aclTypes: ["apache_acl"], vpcAuthFree: false, internetWhitelist: [] },
    accounts: expected,
  };
  return { seed, target };
}

function userOf(u: number, drifted: boolean) {
  return {
    access_key: `user_${u}`,
    secret_key: `bench-secret-${u}`,
    white_remote_address: "",
    admin: false,
    default_topic_perm: drifted ? "PUB|SUB" : "SUB",
    default_group_perm: "DENY",
    topic_perms: [
      { name: `topic-${u}`, perm: "PUB" },
      { name: `shared-${u % 7}`, perm: "SUB" },
    ],
    group_perms: [{ name: `GID_${u}`, perm: "SUB" }],
  };
}

function huaweiInstance(i: number) {
  const instanceId = huaweiId(i);
  const users = Array.from({ length: USERS }, (_, u) => userOf(u, u === i % USERS));
  const expected = Object.fromEntries(
    users.map((w, u) => {
      const base = userOf(u, false);
      return [
        w.access_key,
        {
          admin: false,
          whitelist: "",
          defaultTopicPerm: base.default_topic_perm,
          defaultGroupPerm: base.default_group_perm,
          topicPerms: Object.fromEntries(base.topic_perms.map((p) => [p.name, p.perm])),
          groupPerms: Object.fromEntries(base.group_perms.map((p) => [p.name, p.perm])),
        },
      ];
    }),
  );
  const seed = { projectId: DEMO_PROJECT, instanceId, enableAcl: true, users };
  const target = {
    provider: "huawei",
    region: REGION_H,
    projectId: DEMO_PROJECT,
    instanceId,
    instance: { aclEnabled: true },
    users: expected,
  };
  return { seed, target };
}

export function benchEstate(scale: number, latencyMs: number): BenchEstate {
  const count = INSTANCES_PER_CLOUD * scale;
  const alibaba = Array.from({ length: count }, (_, i) => alibabaInstance(i));
  const huawei = Array.from({ length: count }, (_, i) => huaweiInstance(i));
  const alibabaSeed: AlibabaSeed = {
    accessKeys: [
      {
        id: DEMO_CREDENTIALS.alibaba.accessKeyId,
        secret: DEMO_CREDENTIALS.alibaba.accessKeySecret,
      },
    ],
    instances: alibaba.map((a) => a.seed),
  };
  const huaweiSeed: HuaweiSeedInput = {
    credentials: [DEMO_CREDENTIALS.huawei],
    instances: huawei.map((h) => h.seed),
  };
  return {
    estate: {
      alibaba: alibabaSeed,
      huawei: huaweiSeed,
      alibabaKnobs: { latencyMs },
      huaweiKnobs: { latencyMs },
    },
    baseline: {
      version: 1,
      defaults: { unmanaged: "report" },
      targets: [...alibaba.map((a) => a.target), ...huawei.map((h) => h.target)],
    },
    alibabaInstances: alibaba.map((a) => a.seed.instanceId),
    huaweiInstances: huawei.map((h) => h.seed.instanceId),
  };
}
