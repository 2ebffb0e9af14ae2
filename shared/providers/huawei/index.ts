// The Huawei provider module (DMS for RocketMQ, RocketMQ 4.x plain ACL): everything the pipeline
// needs from this cloud, registered in ../index.ts.

import type { ProviderModule } from "../module.ts";
import type { HuaweiCredentials } from "../types.ts";
import { checkHuaweiTarget } from "./checks.ts";
import { createHuaweiCollector, errorTarget } from "./collect.ts";
import { type HuaweiDiscover, huaweiDiscovery } from "./discover.ts";
import { type HuaweiProfile, HuaweiProfileSchema, openHuaweiProfile } from "./iam.ts";
import { describeHuawei } from "./init.ts";
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
  targetSchema: HuaweiTargetSchema,
  snapshotSchemas: { ok: HuaweiTargetOkSchema, error: HuaweiTargetErrorSchema },
  checkTarget: checkHuaweiTarget,
  init: {
    flags: [{ flag: "project-id", field: "projectId" }],
    describe: describeHuawei,
    omittable: ["whitelist", "defaultGroupPerm", "groupPerms"],
  },
  credentialVariables: "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
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
};
