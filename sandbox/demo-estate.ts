// The demo estate served by `rmq-drift sandbox` and audited by `npm run demo` against
// policies/demo.yaml: three Alibaba instances and three Huawei instances, a few dozen principals,
// and a handful of planted drifts of every severity. One Huawei instance is dead (always 503).

import type { AlibabaSeed } from "./alibaba.ts";
import type { SandboxKnobs } from "./faults.ts";
import type { HuaweiSeedInput } from "./huawei.ts";

export const DEMO_CREDENTIALS = {
  alibaba: {
    accessKeyId: "LTAI5tDemoSandboxKey01",
    accessKeySecret: "demo-sandbox-alibaba-secret",
  },
  huawei: { ak: "DEMOSANDBOXAK0000001", sk: "demo-sandbox-huawei-secret-key" },
};

export const DEMO_PROJECT = "0123456789abcdef0123456789abcdef";
export const DEAD_HUAWEI_INSTANCE = "33333333-4444-5555-6666-777777777777";

type Acl = AlibabaSeed["instances"][number]["acls"][number];

function acl(
  user: string,
  resource: string,
  actions: string[],
  ips: string[] = [],
  decision = "Allow",
): Acl {
  const [resourceType = "", resourceName = ""] = resource.split(":");
  return { username: user, resourceType, resourceName, decision, actions, ipWhitelists: ips };
}

function accounts(names: string[], status: Record<string, string> = {}) {
  return names.map((username, i) => ({
    username,
    // The stand-in returns real-looking passwords, so the demo also exercises secret dropping.
    password: `demo-pw-${i}-${username}`,
    accountType: "CUSTOMER",
    accountStatus: status[username] ?? "ENABLE",
  }));
}

/** An app that publishes to its topic and consumes with its group, from the VPC range. */
function app(user: string, topic: string, group: string, ips = ["10.0.0.0/8"]): Acl[] {
  return [acl(user, `Topic:${topic}`, ["Pub"], ips), acl(user, `Group:${group}`, ["Sub"], ips)];
}

function alibabaSeed(): AlibabaSeed {
  return {
    accessKeys: [
      {
        id: DEMO_CREDENTIALS.alibaba.accessKeyId,
        secret: DEMO_CREDENTIALS.alibaba.accessKeySecret,
      },
    ],
    maxPageSize: 50,
    instances: [
      {
        regionId: "cn-hangzhou",
        instanceId: "rmq-cn-demo-payments",
        instanceName: "payments-prod",
        aclTypes: ["apache_acl"],
        vpcAuthFree: false,
        internetWhitelist: ["203.0.113.0/24"],
        // The instance's access-control whitelist, as the baseline expects it.
        accessWhitelist: ["10.0.0.0/8", "172.16.0.0/12"],
        accounts: accounts([
          "app-orders",
          "app-billing",
          "app-refunds",
          "app-ledger",
          "app-notify",
          "ops-monitor",
          "legacy-batch",
        ]),
        acls: [
          // Drift: the orders topic is now open to every address (critical).
          acl("app-orders", "Topic:orders", ["Pub"], ["0.0.0.0/0"]),
          acl("app-orders", "Group:GID_orders", ["Sub"], ["10.0.0.0/8"]),
          // Drift: billing may now also subscribe (high).
          acl("app-billing", "Topic:billing", ["Pub", "Sub"], ["10.0.0.0/8"]),
          acl("app-billing", "Group:GID_billing", ["Sub"], ["10.0.0.0/8"]),
          // Drift: the refunds consumer group entry is gone (medium).
          acl("app-refunds", "Topic:refunds", ["Pub"], ["10.0.0.0/8"]),
          ...app("app-ledger", "ledger", "GID_ledger"),
          ...app("app-notify", "notifications", "GID_notify"),
          acl("ops-monitor", "Topic:orders", ["Sub"], ["10.20.0.0/16"]),
          acl("ops-monitor", "Group:GID_monitor", ["Sub"], ["10.20.0.0/16"]),
          // Not in the baseline, but waived (OPS-1234): an account being migrated away.
          acl("legacy-batch", "Topic:orders", ["Pub|Sub"], []),
        ],
      },
      {
        regionId: "cn-hangzhou",
        instanceId: "rmq-cn-demo-logistics",
        instanceName: "logistics-prod",
        aclTypes: ["apache_acl"],
        // Drift: authentication-free VPC access switched on (critical).
        vpcAuthFree: true,
        internetWhitelist: [],
        // Drift: the access-control whitelist was reset to the console default, every address
        // (critical): the VPC range the baseline expects no longer limits who may connect.
        accessWhitelist: ["0.0.0.0/0"],
        // Drift: app-tracking was disabled (medium).
        accounts: accounts(
          ["app-shipments", "app-tracking", "app-routing", "app-carriers", "app-returns"],
          {
            "app-tracking": "DISABLE",
          },
        ),
        acls: [
          ...app("app-shipments", "shipments", "GID_shipments"),
          ...app("app-tracking", "tracking", "GID_tracking"),
          ...app("app-routing", "routing", "GID_routing"),
          ...app("app-carriers", "carriers", "GID_carriers"),
          ...app("app-returns", "returns", "GID_returns"),
        ],
      },
      {
        regionId: "cn-shanghai",
        instanceId: "rmq-cn-demo-analytics",
        instanceName: "analytics-prod",
        aclTypes: ["apache_acl"],
        vpcAuthFree: false,
        internetWhitelist: ["198.51.100.10/32"],
        accessWhitelist: ["10.30.0.0/15", "10.32.0.0/16"],
        accounts: accounts([
          "etl-clicks",
          "etl-orders",
          "etl-users",
          "bi-dashboard",
          "ml-features",
        ]),
        acls: [
          ...app("etl-clicks", "clicks", "GID_clicks", ["10.30.0.0/16"]),
          ...app("etl-orders", "orders-mirror", "GID_orders_mirror", ["10.30.0.0/16"]),
          ...app("etl-users", "users", "GID_users", ["10.30.0.0/16"]),
          acl("bi-dashboard", "Topic:clicks", ["Sub"], ["10.31.0.0/16"]),
          acl("bi-dashboard", "Group:GID_dashboard", ["Sub"], ["10.31.0.0/16"]),
          acl("ml-features", "Topic:users", ["Sub"], ["10.32.0.0/16"]),
          acl("ml-features", "Group:GID_features", ["Sub"], ["10.32.0.0/16"]),
        ],
      },
    ],
  };
}

type User = HuaweiSeedInput["instances"][number]["users"][number];

function user(accessKey: string, fields: Partial<User> = {}): User {
  return {
    access_key: accessKey,
    secret_key: `Demo-${accessKey}-Sk1!`,
    white_remote_address: "",
    admin: false,
    default_topic_perm: "DENY",
    default_group_perm: "DENY",
    topic_perms: [],
    group_perms: [],
    ...fields,
  };
}

const service = (name: string, topic: string, group: string, perm = "PUB|SUB") =>
  user(name, { topic_perms: [{ name: topic, perm }], group_perms: [{ name: group, perm: "SUB" }] });

function huaweiSeed(): HuaweiSeedInput {
  return {
    credentials: [{ ak: DEMO_CREDENTIALS.huawei.ak, sk: DEMO_CREDENTIALS.huawei.sk }],
    instances: [
      {
        projectId: DEMO_PROJECT,
        instanceId: "11111111-2222-3333-4444-555555555555",
        name: "orders-dms",
        enableAcl: true,
        users: [
          service("svc_checkout", "checkout", "GID_checkout"),
          service("svc_payments", "payments", "GID_payments"),
          // Drift: every topic not listed is now publishable too (high).
          user("svc_reporting", {
            default_topic_perm: "PUB|SUB",
            group_perms: [{ name: "GID_reporting", perm: "SUB" }],
          }),
          // Drift: lost publish on its own topic (low).
          service("svc_inventory", "inventory", "GID_inventory", "SUB"),
          // Drift: whitelist bypass opened for a /8 (high).
          user("svc_gateway", {
            white_remote_address: "192.*.*.*",
            topic_perms: [{ name: "gateway", perm: "PUB" }],
          }),
          service("svc_search", "search-index", "GID_search"),
          service("svc_pricing", "pricing", "GID_pricing"),
          // Drift: an administrator nobody declared (critical).
          user("tmp_debug_admin", {
            admin: true,
            default_topic_perm: "PUB|SUB",
            default_group_perm: "SUB",
          }),
        ],
      },
      {
        projectId: DEMO_PROJECT,
        instanceId: "22222222-3333-4444-5555-666666666666",
        name: "iot-dms",
        // Drift: ACL switched off on the instance (critical).
        enableAcl: false,
        users: [
          service("dev_telemetry", "telemetry", "GID_telemetry"),
          service("dev_commands", "commands", "GID_commands"),
          service("dev_firmware", "firmware", "GID_firmware", "SUB"),
          user("ops_readonly", { default_topic_perm: "SUB", default_group_perm: "SUB" }),
        ],
      },
      {
        projectId: DEMO_PROJECT,
        instanceId: DEAD_HUAWEI_INSTANCE,
        name: "archive-dms",
        enableAcl: true,
        users: [service("svc_archive", "archive", "GID_archive")],
      },
    ],
  };
}

export interface DemoEstate {
  alibaba: AlibabaSeed;
  huawei: HuaweiSeedInput;
  alibabaKnobs: SandboxKnobs;
  huaweiKnobs: SandboxKnobs;
}

export function demoEstate(): DemoEstate {
  return {
    alibaba: alibabaSeed(),
    huawei: huaweiSeed(),
    alibabaKnobs: {},
    // The archive instance answers every call with 503: the audit must say "unreadable", not clean.
    huaweiKnobs: { faults: [{ kind: "server-error", instanceId: DEAD_HUAWEI_INSTANCE }] },
  };
}
