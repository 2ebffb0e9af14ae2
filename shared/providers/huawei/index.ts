// The Huawei provider module (DMS for RocketMQ, RocketMQ 4.x plain ACL): everything the pipeline
// needs from this cloud, registered in ../index.ts.

import type { ProviderModule } from "../module.ts";
import type { HuaweiCredentials } from "../types.ts";
import { checkHuaweiTarget } from "./checks.ts";
import { createHuaweiCollector, errorTarget } from "./collect.ts";
import { type HuaweiDiscover, huaweiDiscovery } from "./discover.ts";
import { type HuaweiProfile, HuaweiProfileSchema, openHuaweiProfile } from "./iam.ts";
import { describeHuawei, reviewHuawei } from "./init.ts";
import { HUAWEI_REGIONS } from "./regions.ts";
import { huaweiStateOf } from "./rejudge.ts";
import { remediateHuawei } from "./remediation.ts";
import {
  type HuaweiTarget,
  type HuaweiTargetError,
  HuaweiTargetErrorSchema,
  type HuaweiTargetOk,
  HuaweiTargetOkSchema,
  HuaweiTargetSchema,
} from "./target.ts";

/** ShowUser returns a whole user, so a re-read user replaces the listed one. */
function mergeReread(
  listed: HuaweiTargetOk,
  again: HuaweiTargetOk,
  _target: HuaweiTarget,
  names: ReadonlySet<string>,
): HuaweiTargetOk {
  const kept = listed.users.filter((u) => !names.has(u.accessKey));
  const fresh = again.users.filter((u) => names.has(u.accessKey));
  return { ...listed, users: [...kept, ...fresh] };
}

export const huawei: ProviderModule<
  HuaweiTarget,
  HuaweiTargetOk,
  HuaweiTargetError,
  HuaweiCredentials,
  HuaweiProfile,
  HuaweiDiscover
> = {
  id: "huawei",
  label: "Huawei",
  displayName: "Huawei Cloud",
  targetSchema: HuaweiTargetSchema,
  snapshotSchemas: { ok: HuaweiTargetOkSchema, error: HuaweiTargetErrorSchema },
  identity: {
    regions: HUAWEI_REGIONS,
    instanceId: {
      shape: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      expected:
        "a UUID such as 11111111-2222-3333-4444-555555555555 (DMS rejects other instance ids with DMS.00400030)",
    },
  },
  checkTarget: checkHuaweiTarget,
  init: {
    flags: [
      {
        flag: "project-id",
        field: "projectId",
        help: { value: "ID", text: "Huawei project id (required for huawei)" },
      },
    ],
    describe: describeHuawei,
    review: reviewHuawei,
    omittable: ["whitelist", "defaultGroupPerm", "groupPerms"],
  },
  environment: {
    keyId: "HUAWEICLOUD_SDK_AK",
    keySecret: "HUAWEICLOUD_SDK_SK",
    securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    credentials: (ak, sk, securityToken) => ({ ak, sk, securityToken }),
    credentialEndpoint: "RMQ_DRIFT_HUAWEI_IAM_ENDPOINT",
  },
  profiles: { schema: HuaweiProfileSchema, open: openHuaweiProfile },
  discovery: huaweiDiscovery,
  openCollector: (credentials, section, common) =>
    createHuaweiCollector({
      ...common,
      credentials,
      endpointOverride: section.endpoint,
      qps: section.qps,
    }),
  errorTarget,
  counts: (s) => ({
    principals: s.users.length,
    entries: s.users.reduce((n, u) => n + u.topicPerms.length + u.groupPerms.length, 0),
  }),
  principals: {
    model: "perm4",
    key: "users",
    noun: "Huawei user",
    expected: (t) => t.users,
    actual: (s) => s.users,
  },
  instanceRules: [
    {
      kind: "switch",
      field: "aclEnabled",
      expected: (t) => t.instance?.aclEnabled,
      actual: (s) => s.instance.aclEnabled,
      escalatesWhen: false,
      message: (key, on) =>
        on
          ? `Huawei instance ${key}: ACL was turned on (aclEnabled false → true).`
          : `Huawei instance ${key}: ACL was turned off; clients connect without credentials (aclEnabled true → false).`,
    },
  ],
  mergeReread,
  // One ShowUser per user.
  pointReadCost: (_target, principals) => principals.length,
  remediate: remediateHuawei,
  carriedState: huaweiStateOf,
};
