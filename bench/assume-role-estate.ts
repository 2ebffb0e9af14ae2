// The many-account Alibaba estate two benches read (estate, fanout): `accounts` accounts reached
// through STS AssumeRole from one base key, each with `perRegion` instances in every region, one
// account and one ACL entry per instance; and the baseline it matches, one target per instance.
import type { AlibabaSeed } from "../sandbox/alibaba.ts";

export interface AssumeRoleEstate {
  accounts: number;
  regions: readonly string[];
  perRegion: number;
  /** The base identity every role trusts. */
  base: { id: string; secret: string; account: string };
  /** First account id; account `a` is `firstAccount + a`. */
  firstAccount: number;
}

const accountId = (e: AssumeRoleEstate, a: number) => String(e.firstAccount + a);
const roleOf = (e: AssumeRoleEstate, a: number) =>
  `acs:ram::${accountId(e, a)}:role/rmq-drift-audit`;
const instanceId = (a: number, r: number, i: number) => `rmq-cn-a${a}r${r}i${i}`;

/** Every (account, region, instance) of the estate, in baseline order. */
function* places(e: AssumeRoleEstate) {
  for (let a = 0; a < e.accounts; a++)
    for (const [r, region] of e.regions.entries())
      for (let i = 0; i < e.perRegion; i++) yield { a, region, instanceId: instanceId(a, r, i) };
}

/** The sandbox's Alibaba seed for the estate. */
export function alibabaSeed(e: AssumeRoleEstate): AlibabaSeed {
  const instances = [...places(e)].map(({ a, region, instanceId }) => ({
    regionId: region,
    instanceId,
    account: accountId(e, a),
    aclTypes: ["apache_acl"],
    vpcAuthFree: false,
    internetWhitelist: [],
    accounts: [
      { username: "app", password: "pw", accountType: "CUSTOMER", accountStatus: "ENABLE" },
    ],
    acls: [
      {
        username: "app",
        resourceType: "Topic",
        resourceName: "orders",
        decision: "Allow",
        actions: ["Pub"],
        ipWhitelists: ["10.0.0.0/8"],
      },
    ],
  }));
  const roles = Array.from({ length: e.accounts }, (_, a) => ({
    arn: roleOf(e, a),
    trusts: [e.base.account],
  }));
  return { accessKeys: [e.base], roles, instances };
}

/** The baseline YAML: one credentials profile per account, one target per instance. */
export function baselineYaml(e: AssumeRoleEstate): string {
  const lines = ["version: 1", "credentials:"];
  for (let a = 0; a < e.accounts; a++)
    lines.push(`  acct-${a}: { provider: alibaba, assumeRole: "${roleOf(e, a)}" }`);
  lines.push("targets:");
  for (const { a, region, instanceId } of places(e)) {
    lines.push(
      `  - { provider: alibaba, credentials: acct-${a}, region: ${region}, instanceId: ${instanceId}, unmanaged: ignore }`,
    );
  }
  return `${lines.join("\n")}\n`;
}
