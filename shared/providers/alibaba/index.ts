// The Alibaba provider module (ApsaraMQ for RocketMQ 5.x, ACL 2.0): everything the pipeline needs
// from this cloud, registered in ../index.ts.

import type { Acl2Principal } from "../../model/acl2.ts";
import { sortedText } from "../../model/order.ts";
import type { AddressChangeWords, InstanceRule, ProviderModule } from "../module.ts";
import type { AlibabaCredentials } from "../types.ts";
import { checkAlibabaTarget } from "./checks.ts";
import { createAlibabaCollector, errorTarget } from "./collect.ts";
import { type AlibabaDiscover, alibabaDiscovery } from "./discover.ts";
import { describeAlibaba, reviewAlibaba } from "./init.ts";
import { ALIBABA_REGIONS } from "./regions.ts";
import { alibabaStateOf } from "./rejudge.ts";
import { remediateAlibaba } from "./remediation.ts";
import { type AlibabaProfile, AlibabaProfileSchema, openAlibabaProfile } from "./sts.ts";
import {
  type AlibabaTarget,
  type AlibabaTargetError,
  AlibabaTargetErrorSchema,
  type AlibabaTargetOk,
  AlibabaTargetOkSchema,
  AlibabaTargetSchema,
} from "./target.ts";

/** `APACHE` (List) and `apache_acl` (Get) name the same ACL type (reference §3.8). */
function normalizeAclTypes(types: readonly string[]): string[] {
  const names = types.map((t) => {
    const lower = t.trim().toLowerCase();
    return lower === "apache" ? "apache_acl" : lower;
  });
  return sortedText([...new Set(names)]);
}

const WHITELIST_NAME = {
  internetWhitelist: "internet whitelist",
  accessWhitelist: "access-control IP whitelist",
} as const;

/** Both instance whitelists follow the address-set rules: empty means any address. */
function whitelistMessage(field: keyof typeof WHITELIST_NAME) {
  return (key: string, c: AddressChangeWords) =>
    `Alibaba instance ${key}: ${WHITELIST_NAME[field]} ${c.verb} from ${c.from} to ${c.to} (${c.direction}).`;
}

const INSTANCE_RULES: InstanceRule<AlibabaTarget, AlibabaTargetOk>[] = [
  {
    kind: "names",
    field: "aclTypes",
    expected: (t) => t.instance?.aclTypes,
    actual: (s) => s.instance.aclTypes,
    unreported: "GetInstance returned no aclInfo.aclTypes",
    normalize: normalizeAclTypes,
    message: (key, from, to) => `Alibaba instance ${key}: ACL types changed from ${from} to ${to}.`,
  },
  {
    kind: "switch",
    field: "vpcAuthFree",
    expected: (t) => t.instance?.vpcAuthFree,
    actual: (s) => s.instance.vpcAuthFree,
    unreported: "GetInstance returned no aclInfo.defaultVpcAuthFree",
    escalatesWhen: true,
    message: (key, on) =>
      on
        ? `Alibaba instance ${key}: VPC access without authentication was turned on (vpcAuthFree false → true).`
        : `Alibaba instance ${key}: VPC access without authentication was turned off (vpcAuthFree true → false).`,
  },
  {
    kind: "addresses",
    field: "internetWhitelist",
    expected: (t) => t.instance?.internetWhitelist,
    actual: (s) => s.instance.internetWhitelist,
    message: whitelistMessage("internetWhitelist"),
  },
  {
    kind: "addresses",
    field: "accessWhitelist",
    expected: (t) => t.instance?.accessWhitelist,
    actual: (s) => s.instance.accessWhitelist,
    unreported: "no ListInstanceIpWhitelist result in the snapshot",
    message: whitelistMessage("accessWhitelist"),
  },
];

const resourceKey = (r: string) => r.replace(/^(topic|group):/i, (m) => m.toLowerCase());

/**
 * Alibaba's point reads return only the ACL entries the baseline names, so only those entries are
 * replaced; entries the baseline does not name (the `unexpected` ones) stay as listed.
 */
function overlay(
  listed: Acl2Principal,
  again: Acl2Principal,
  target: AlibabaTarget,
): Acl2Principal {
  const named = new Set(
    (target.accounts?.[listed.username]?.acls ?? []).map((a) => resourceKey(a.resource)),
  );
  return {
    ...listed,
    status: again.status,
    acls: [...listed.acls.filter((e) => !named.has(resourceKey(e.resource))), ...again.acls],
  };
}

function mergeReread(
  listed: AlibabaTargetOk,
  again: AlibabaTargetOk,
  target: AlibabaTarget,
  names: ReadonlySet<string>,
): AlibabaTargetOk {
  const fresh = new Map(
    again.accounts.filter((a) => names.has(a.username)).map((a) => [a.username, a]),
  );
  const accounts: Acl2Principal[] = [];
  for (const account of listed.accounts) {
    if (!names.has(account.username)) accounts.push(account);
    else if (fresh.has(account.username)) {
      accounts.push(overlay(account, fresh.get(account.username) as Acl2Principal, target));
      fresh.delete(account.username);
    }
  }
  // Principals that appeared only in the re-read (created mid-run) join as read.
  return { ...listed, accounts: [...accounts, ...fresh.values()] };
}

export const alibaba: ProviderModule<
  AlibabaTarget,
  AlibabaTargetOk,
  AlibabaTargetError,
  AlibabaCredentials,
  AlibabaProfile,
  AlibabaDiscover
> = {
  id: "alibaba",
  label: "Alibaba",
  displayName: "Alibaba Cloud",
  targetSchema: AlibabaTargetSchema,
  snapshotSchemas: { ok: AlibabaTargetOkSchema, error: AlibabaTargetErrorSchema },
  identity: {
    regions: ALIBABA_REGIONS,
    // Alibaba 5.x instance ids as documented (`rmq-cn-7e22ody0001`, reference §2-§3).
    instanceId: {
      shape: /^rmq-cn-[a-z0-9]+(?:-[a-z0-9]+)*$/,
      expected: "an instance id such as rmq-cn-7e22ody0001 (the ApsaraMQ for RocketMQ 5.x form)",
    },
  },
  checkTarget: checkAlibabaTarget,
  init: {
    flags: [],
    describe: describeAlibaba,
    review: reviewAlibaba,
    omittable: ["internetWhitelist", "accessWhitelist", "ipWhitelists", "actions"],
  },
  environment: {
    keyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
    keySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
    credentials: (accessKeyId, accessKeySecret, securityToken) => ({
      accessKeyId,
      accessKeySecret,
      securityToken,
    }),
    credentialEndpoint: "RMQ_DRIFT_ALIBABA_STS_ENDPOINT",
  },
  profiles: { schema: AlibabaProfileSchema, open: openAlibabaProfile },
  discovery: alibabaDiscovery,
  openCollector: (credentials, section, common) =>
    createAlibabaCollector({
      ...common,
      credentials,
      endpointOverride: section.endpoint,
      qps: section.qps,
    }),
  errorTarget,
  counts: (s) => ({
    principals: s.accounts.length,
    entries: s.accounts.reduce((n, a) => n + a.acls.length, 0),
  }),
  principals: {
    model: "acl2",
    key: "accounts",
    noun: "Alibaba account",
    expected: (t) => t.accounts,
    actual: (s) => s.accounts,
  },
  instanceRules: INSTANCE_RULES,
  mergeReread,
  // GetInstanceAccount, then GetInstanceAcl for each entry the baseline names.
  pointReadCost: (target, principals) =>
    principals
      .map((name) => 1 + new Set((target.accounts?.[name]?.acls ?? []).map((a) => a.resource)).size)
      .reduce((a, b) => a + b, 0),
  remediate: remediateAlibaba,
  carriedState: alibabaStateOf,
};
