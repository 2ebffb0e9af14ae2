// Targeted reads for `--principal`: GetInstanceAccount and GetInstanceAcl for the baseline's named
// accounts and entries only. What does not exist is left out, so the comparison reports it missing.

import { InputError } from "../../errors.ts";
import type { Logger } from "../../log/logger.ts";
import type { Acl2Principal } from "../../model/acl2.ts";
import type { AlibabaClient, InstanceScope } from "./client.ts";
import { type AccountFacts, assembleAccounts } from "./map.ts";
import type { AclEntry } from "./schemas.ts";

/** GetInstanceAccount does not return the account type; the comparison does not use it. */
export const UNKNOWN_ACCOUNT_TYPE = "UNKNOWN";

export interface NamedAccount {
  username: string;
  /** `Topic:<name>` / `Group:<name>` resources the baseline names for this account. */
  resources: readonly string[];
}

export async function readNamedAccounts(
  client: AlibabaClient,
  scope: InstanceScope,
  named: readonly NamedAccount[],
  logger: Logger,
): Promise<Acl2Principal[]> {
  const reads = await Promise.all(named.map((n) => readNamedAccount(client, scope, n)));
  const accounts = reads.flatMap((r) => (r.account ? [r.account] : []));
  // Entries of a missing account still surface, under an ORPHAN account (fail closed).
  return assembleAccounts(
    accounts,
    reads.flatMap((r) => r.acls),
    logger,
  );
}

async function readNamedAccount(client: AlibabaClient, scope: InstanceScope, named: NamedAccount) {
  const [detail, entries] = await Promise.all([
    client.getInstanceAccount(scope, named.username),
    Promise.all(
      named.resources.map((resource) => {
        const { type, name } = splitResource(resource);
        return client.getInstanceAcl(scope, named.username, type, name);
      }),
    ),
  ]);
  const account: AccountFacts | undefined = detail
    ? { username: detail.username, status: detail.accountStatus, accountType: UNKNOWN_ACCOUNT_TYPE }
    : undefined;
  return { account, acls: entries.filter((e): e is AclEntry => e !== null) };
}

function splitResource(resource: string): { type: string; name: string } {
  const match = /^(Topic|Group):(.+)$/s.exec(resource);
  if (!match?.[1] || !match[2]) {
    throw new InputError(
      `baseline resource must be Topic:<name> or Group:<name>, got "${resource}"`,
    );
  }
  return { type: match[1], name: match[2] };
}
