// A live state covering both providers, odd orderings and spellings, used by the generate tests.
import type { Snapshot } from "../../shared/providers/index.ts";

export const SNAPSHOT: Snapshot = {
  schemaVersion: 1,
  collectedAt: "2026-11-25T03:00:00Z",
  targets: [
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "11111111-2222-3333-4444-555555555555",
      status: "ok",
      error: null,
      instance: { aclEnabled: true },
      users: [
        {
          accessKey: "test_02",
          admin: true,
          whitelist: "192.168.0.*",
          defaultTopicPerm: "SUB|PUB",
          defaultGroupPerm: "SUB",
          topicPerms: [],
          groupPerms: [],
        },
        {
          accessKey: "test_01",
          admin: false,
          whitelist: "",
          defaultTopicPerm: "SUB",
          defaultGroupPerm: "DENY",
          topicPerms: [
            { name: "orders", perm: "PUB|SUB" },
            { name: "audit", perm: "DENY" },
          ],
          groupPerms: [{ name: "GID_orders", perm: "SUB" }],
        },
      ],
    },
    {
      provider: "alibaba",
      region: "cn-hangzhou",
      instanceId: "rmq-cn-7e22ody0001",
      status: "ok",
      error: null,
      instance: {
        aclTypes: ["apache_acl", "default"],
        vpcAuthFree: false,
        internetWhitelist: ["203.0.113.0/24", "198.51.100.7"],
      },
      accounts: [
        {
          username: "app-orders",
          status: "ENABLE",
          accountType: "CUSTOMER",
          acls: [
            {
              resource: "Topic:orders",
              decision: "Allow",
              actions: ["Sub|Pub"],
              ipWhitelists: ["10.0.0.0/8", "0.0.0.0/0"],
            },
            { resource: "Group:GID_orders", decision: "Allow", actions: ["Sub"], ipWhitelists: [] },
          ],
        },
        { username: "app-idle", status: "DISABLE", accountType: "CUSTOMER", acls: [] },
      ],
    },
    {
      provider: "alibaba",
      region: "cn-shanghai",
      instanceId: "rmq-cn-gone",
      status: "error",
      error: { code: "Instance.NotFound", message: "not found", httpStatus: 404 },
    },
  ],
};
