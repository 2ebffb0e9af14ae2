// The golden scenario: both clouds, every kind, field, direction and severity, a waiver, an expired
// waiver, an unreadable target and a target missing from the snapshot.

import type { Baseline } from "../../shared/baseline/schema.ts";
import type { Snapshot } from "../../shared/providers/index.ts";

export const scenarioNow = new Date("2026-11-25T23:59:59Z");

export const scenarioBaseline: Baseline = {
  version: 1,
  defaults: { unmanaged: "report" },
  waivers: [
    {
      id: "OPS-1",
      target: "alibaba/cn-hangzhou/rmq-cn-*",
      principal: "legacy-*",
      reason: "legacy batch account, removal planned",
      owner: "team-payments",
      expires: "2026-11-25",
    },
    {
      id: "OPS-OLD",
      target: "huawei/*",
      field: "whitelist",
      reason: "temporary office access",
      expires: "2026-11-24",
    },
    {
      id: "OPS-2",
      target: "*",
      field: "target",
      reason: "waivers never cover unreadable targets",
      expires: "2030-01-01",
    },
  ],
  targets: [
    {
      provider: "alibaba",
      region: "cn-hangzhou",
      instanceId: "rmq-cn-pay",
      name: "payments-prod",
      instance: {
        aclTypes: ["apache_acl"],
        vpcAuthFree: false,
        internetWhitelist: ["203.0.113.0/24"],
      },
      accounts: {
        "app-orders": {
          status: "ENABLE",
          acls: [
            {
              resource: "Topic:orders",
              decision: "Allow",
              actions: ["Pub"],
              ipWhitelists: ["10.0.0.0/8"],
            },
            { resource: "Group:GID_orders", decision: "Allow", actions: ["Sub"] },
            { resource: "Topic:audit", decision: "Deny", actions: ["Pub", "Sub"] },
            { resource: "Topic:payments", decision: "Deny", actions: ["Pub"] },
            {
              resource: "Topic:refunds",
              decision: "Allow",
              actions: ["Pub", "Sub"],
              ipWhitelists: ["10.1.0.0/16"],
            },
            { resource: "Topic:blocked", decision: "Deny", actions: ["Pub"], ipWhitelists: [] },
            { resource: "Topic:ledger", decision: "Allow", actions: ["Pub"] },
            {
              resource: "Topic:same",
              decision: "Allow",
              actions: ["Sub", "Pub"],
              ipWhitelists: ["10.0.0.1", "10.0.0.0/31"],
            },
          ],
        },
        "app-paused": { status: "ENABLE" },
        "app-dormant": { status: "DISABLE" },
        "app-gone": {
          status: "ENABLE",
          acls: [{ resource: "Topic:gone", decision: "Allow", actions: ["Pub"] }],
        },
      },
    },
    {
      provider: "alibaba",
      region: "cn-shanghai",
      instanceId: "rmq-cn-quiet",
      unmanaged: "ignore",
      accounts: {
        "app-a": { acls: [{ resource: "Topic:a", decision: "Allow", actions: ["Pub"] }] },
      },
    },
    {
      provider: "alibaba",
      region: "cn-beijing",
      instanceId: "rmq-cn-forgotten",
      name: "not-collected",
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "11111111-2222-3333-4444-555555555555",
      name: "dms-prod",
      instance: { aclEnabled: true },
      users: {
        test_01: {
          admin: false,
          whitelist: "",
          defaultTopicPerm: "SUB",
          defaultGroupPerm: "DENY",
          topicPerms: { orders: "PUB|SUB", logs: "SUB", metrics: "SUB" },
          groupPerms: { GID_orders: "SUB" },
        },
        test_02: {
          whitelist: "10.0.0.1,10.0.0.2",
          defaultGroupPerm: "SUB",
          groupPerms: { GID_b: "SUB" },
        },
        test_03: { admin: true, whitelist: "192.168.0.*" },
        test_04: { whitelist: "10.0.0.*", defaultGroupPerm: "SUB" },
      },
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "22222222-2222-3333-4444-555555555555",
      users: {},
    },
  ],
};

export const scenarioSnapshot: Snapshot = {
  schemaVersion: 1,
  collectedAt: "2026-11-25T03:00:00Z",
  targets: [
    {
      provider: "alibaba",
      region: "cn-hangzhou",
      instanceId: "rmq-cn-pay",
      status: "ok",
      error: null,
      instance: {
        aclTypes: ["APACHE", "default"],
        vpcAuthFree: true,
        internetWhitelist: ["0.0.0.0/0"],
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
              actions: ["Pub|Sub"],
              ipWhitelists: ["0.0.0.0/0"],
            },
            { resource: "Topic:payments", decision: "Allow", actions: ["Pub"], ipWhitelists: [] },
            {
              resource: "Topic:refunds",
              decision: "Allow",
              actions: ["pub"],
              ipWhitelists: ["10.1.2.0/24"],
            },
            {
              resource: "Topic:blocked",
              decision: "Deny",
              actions: ["Pub"],
              ipWhitelists: ["10.0.0.0/8"],
            },
            { resource: "Topic:ledger", decision: "Deny", actions: ["Pub"], ipWhitelists: [] },
            {
              resource: "Topic:same",
              decision: "Allow",
              actions: ["PUB", "sub"],
              ipWhitelists: ["10.0.0.0/31"],
            },
            { resource: "Topic:extra", decision: "Allow", actions: ["All"], ipWhitelists: [] },
            { resource: "Group:GID_blocked", decision: "Deny", actions: ["Sub"], ipWhitelists: [] },
          ],
        },
        { username: "app-paused", status: "DISABLE", accountType: "CUSTOMER", acls: [] },
        { username: "app-dormant", status: "ENABLE", accountType: "CUSTOMER", acls: [] },
        {
          username: "legacy-batch",
          status: "ENABLE",
          accountType: "CUSTOMER",
          acls: [
            { resource: "Topic:batch", decision: "Allow", actions: ["Pub"], ipWhitelists: [] },
          ],
        },
      ],
    },
    {
      provider: "alibaba",
      region: "cn-shanghai",
      instanceId: "rmq-cn-quiet",
      status: "ok",
      error: null,
      instance: { aclTypes: ["apache_acl"], vpcAuthFree: false, internetWhitelist: [] },
      accounts: [
        {
          username: "app-a",
          status: "ENABLE",
          accountType: "CUSTOMER",
          acls: [
            { resource: "Topic:a", decision: "Allow", actions: ["Pub"], ipWhitelists: [] },
            { resource: "Topic:b", decision: "Allow", actions: ["Pub"], ipWhitelists: [] },
          ],
        },
        { username: "someone-else", status: "ENABLE", accountType: "CUSTOMER", acls: [] },
      ],
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "11111111-2222-3333-4444-555555555555",
      status: "ok",
      error: null,
      instance: { aclEnabled: false },
      users: [
        {
          accessKey: "test_01",
          admin: true,
          whitelist: "192.*.*.*",
          defaultTopicPerm: "PUB|SUB",
          defaultGroupPerm: "DENY",
          topicPerms: [
            { name: "orders", perm: "SUB|PUB" },
            { name: "logs", perm: "PUB" },
            { name: "audit", perm: "DENY" },
          ],
          groupPerms: [],
        },
        {
          accessKey: "test_02",
          admin: false,
          whitelist: "10.0.0.2,10.0.0.1",
          defaultTopicPerm: "DENY",
          defaultGroupPerm: "DENY",
          topicPerms: [],
          groupPerms: [{ name: "GID_b", perm: "DENY" }],
        },
        {
          accessKey: "test_04",
          admin: false,
          whitelist: "*",
          defaultTopicPerm: "DENY",
          defaultGroupPerm: "PUB|SUB",
          topicPerms: [],
          groupPerms: [],
        },
        {
          accessKey: "rogue_admin",
          admin: true,
          whitelist: "",
          defaultTopicPerm: "DENY",
          defaultGroupPerm: "DENY",
          topicPerms: [],
          groupPerms: [],
        },
        {
          accessKey: "rogue_user",
          admin: false,
          whitelist: "10.0.0.0/8",
          defaultTopicPerm: "SUB",
          defaultGroupPerm: "SUB",
          topicPerms: [{ name: "orders", perm: "PUB" }],
          groupPerms: [],
        },
      ],
    },
    {
      provider: "huawei",
      region: "cn-north-4",
      projectId: "0123456789abcdef0123456789abcdef",
      instanceId: "22222222-2222-3333-4444-555555555555",
      status: "error",
      error: {
        code: "DMS.00403001",
        message: "no permission to list users",
        httpStatus: 403,
        call: "ListUser",
        requestId: "req-7f3a",
      },
    },
  ],
};
