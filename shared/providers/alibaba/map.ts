// Raw API data → snapshot shapes (DESIGN.md §4). Pure; deterministic order.

import type { Logger } from "../../log/logger.ts";
import type { Acl2Entry, Acl2Principal } from "../../model/acl2.ts";
import type { Account, AclEntry, InstanceDetail } from "./schemas.ts";
import type { AlibabaInstance } from "./target.ts";

/** Account type given to ACL entries whose username has no account (kept: fail closed). */
export const ORPHAN_ACCOUNT_TYPE = "ORPHAN";

/**
 * GetInstance plus ListInstanceIpWhitelist → the snapshot's instance settings. A setting the cloud
 * does not report is left out (not guessed), so the comparison can say it could not be checked.
 */
export function toInstance(
  detail: InstanceDetail,
  accessWhitelist: readonly string[],
): AlibabaInstance {
  const acl = detail.aclInfo;
  // `aclType` is deprecated but is all that older instances report.
  const aclTypes = acl?.aclTypes ?? (acl?.aclType ? [acl.aclType] : undefined);
  const vpcAuthFree = acl?.defaultVpcAuthFree;
  return {
    ...(aclTypes === undefined ? {} : { aclTypes: [...aclTypes] }),
    ...(vpcAuthFree == null ? {} : { vpcAuthFree }),
    internetWhitelist: internetWhitelist(detail),
    accessWhitelist: [...accessWhitelist].sort(),
  };
}

/** `internetInfo.ipWhitelist`, else the deprecated per-endpoint list; absent means any address. */
function internetWhitelist(detail: InstanceDetail): string[] {
  const current = detail.networkInfo?.internetInfo?.ipWhitelist;
  if (current) return [...current];
  const internet = detail.networkInfo?.endpoints?.find((e) => e.endpointType === "TCP_INTERNET");
  return internet ? [...internet.ipWhitelist] : [];
}

export function toAcl(entry: AclEntry): Acl2Entry {
  return {
    resource: `${entry.resourceType}:${entry.resourceName}`,
    decision: entry.decision,
    actions: [...entry.actions],
    ipWhitelists: [...entry.ipWhitelists],
  };
}

export interface AccountFacts {
  username: string;
  status: Acl2Principal["status"];
  accountType: string;
}

export function accountFacts(account: Account): AccountFacts {
  return {
    username: account.username,
    status: account.accountStatus,
    accountType: account.accountType,
  };
}

/**
 * Puts every ACL entry under its account. Entries whose username has no account are kept under a
 * synthesized disabled `ORPHAN` account, so they are still compared, and a warning is logged.
 */
export function assembleAccounts(
  accounts: readonly AccountFacts[],
  entries: readonly AclEntry[],
  logger: Logger,
): Acl2Principal[] {
  const byName = new Map<string, Acl2Principal>();
  for (const a of accounts) byName.set(a.username, { ...a, acls: [] });
  const orphans = new Map<string, number>();
  for (const entry of entries) {
    let account = byName.get(entry.username);
    if (!account || orphans.has(entry.username)) {
      account ??= {
        username: entry.username,
        status: "DISABLE",
        accountType: ORPHAN_ACCOUNT_TYPE,
        acls: [],
      };
      byName.set(entry.username, account);
      orphans.set(entry.username, (orphans.get(entry.username) ?? 0) + 1);
    }
    account.acls.push(toAcl(entry));
  }
  for (const [username, count] of orphans) {
    logger.warn("ACL entries name a username with no account; kept under an ORPHAN account", {
      username,
      entries: count,
    });
  }
  return sortAccounts([...byName.values()]);
}

function sortAccounts(accounts: Acl2Principal[]): Acl2Principal[] {
  for (const a of accounts) a.acls.sort((x, y) => compare(x.resource, y.resource));
  return accounts.sort((x, y) => compare(x.username, y.username));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
