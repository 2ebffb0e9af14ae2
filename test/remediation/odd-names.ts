// Names that percent-encoding can get wrong (space, `*`, `(`, `)`, `~`, non-ASCII), and a missing
// disabled account, so the SDK oracle sees paths and operation sequences the golden scenario has not.

import type { Baseline } from "../../shared/baseline/schema.ts";
import type { Snapshot } from "../../shared/providers/index.ts";

const ODD = "team a*(b)~ü";

export const oddNamesBaseline: Baseline = {
  version: 1,
  targets: [
    {
      provider: "alibaba",
      region: "cn-shanghai",
      instanceId: "rmq-cn-odd",
      instance: { accessWhitelist: ["10.0.0.0/8", "192.168.0.0/16"] },
      accounts: {
        [ODD]: {
          status: "ENABLE",
          acls: [{ resource: "Topic:orders*~ é", decision: "Allow", actions: ["Sub"] }],
        },
        "app-disabled": {
          status: "DISABLE",
          acls: [
            { resource: "Group:GID_x", decision: "Allow", actions: ["Sub"], ipWhitelists: [] },
          ],
        },
      },
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "33333333-4444-5555-6666-777777777777",
      users: {
        ops_team_01: { defaultTopicPerm: "DENY", topicPerms: { "orders-a": "PUB|SUB" } },
        ops_team_02: { admin: false, groupPerms: { GID_b: "SUB" } },
      },
    },
  ],
};

export const oddNamesSnapshot: Snapshot = {
  schemaVersion: 1,
  collectedAt: "2026-11-25T03:00:00Z",
  targets: [
    {
      provider: "alibaba",
      region: "cn-shanghai",
      instanceId: "rmq-cn-odd",
      status: "ok",
      error: null,
      instance: {
        aclTypes: ["apache_acl"],
        vpcAuthFree: false,
        internetWhitelist: [],
        accessWhitelist: ["10.0.0.0/8", "0.0.0.0/0"],
      },
      accounts: [
        {
          username: ODD,
          status: "ENABLE",
          accountType: "CUSTOMER",
          acls: [
            {
              resource: "Topic:orders*~ é",
              decision: "Allow",
              actions: ["Sub", "Pub"],
              ipWhitelists: [],
            },
          ],
        },
      ],
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "33333333-4444-5555-6666-777777777777",
      status: "ok",
      error: null,
      instance: { aclEnabled: true },
      users: [
        {
          accessKey: "ops_team_02",
          admin: false,
          whitelist: "",
          defaultTopicPerm: "DENY",
          defaultGroupPerm: "DENY",
          topicPerms: [{ name: "t1", perm: "PUB" }],
          groupPerms: [
            { name: "GID_a", perm: "SUB" },
            { name: "GID_b", perm: "DENY" },
          ],
        },
      ],
    },
  ],
};
