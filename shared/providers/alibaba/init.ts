// `rmq-drift init` for Alibaba: the live state of one instance as a baseline target, sorted so that
// an unchanged instance gives the same bytes.
import type { Acl2Entry, Acl2EntryExpectation, Acl2Principal } from "../../model/acl2.ts";
import { byText, sortedText } from "../../model/order.ts";
import type { ReviewNote } from "../module.ts";
import type { AlibabaTarget, AlibabaTargetOk } from "./target.ts";

export function describeAlibaba(t: AlibabaTargetOk): AlibabaTarget {
  const accounts = [...t.accounts].sort((a, b) => byText(a.username, b.username));
  return {
    provider: "alibaba",
    region: t.region,
    instanceId: t.instanceId,
    // What the cloud did not report is not written: an expectation nobody could check.
    instance: {
      ...(t.instance.aclTypes === undefined ? {} : { aclTypes: sortedText(t.instance.aclTypes) }),
      ...(t.instance.vpcAuthFree === undefined ? {} : { vpcAuthFree: t.instance.vpcAuthFree }),
      internetWhitelist: sortedText(t.instance.internetWhitelist),
      ...(t.instance.accessWhitelist === undefined
        ? {}
        : { accessWhitelist: sortedText(t.instance.accessWhitelist) }),
    },
    accounts: Object.fromEntries(accounts.map((a) => [a.username, describeAccount(a)])),
  };
}

export function describeAccount(account: Acl2Principal) {
  const acls = [...account.acls].sort((a, b) => byText(a.resource, b.resource));
  return { status: account.status, acls: acls.map(describeAcl) };
}

export function describeAcl(acl: Acl2Entry): Acl2EntryExpectation {
  return {
    resource: acl.resource,
    decision: acl.decision,
    actions: normaliseActions(acl.actions),
    ipWhitelists: sortedText(acl.ipWhitelists),
  };
}

/** `["Pub|Sub"]`, `["sub", "Pub"]` → `["Pub", "Sub"]`; unknown tokens are kept for the checks to see. */
function normaliseActions(actions: readonly string[]): string[] {
  const canonical: Record<string, string> = { pub: "Pub", sub: "Sub" };
  const tokens = actions.flatMap((a) => a.split("|")).map((t) => t.trim());
  return sortedText([...new Set(tokens.map((t) => canonical[t.toLowerCase()] ?? t))]);
}

const ANY = new Set(["0.0.0.0/0", "::/0"]);
const anyAddress = (list: readonly string[] | undefined) => list?.some((a) => ANY.has(a.trim()));

/** What a generated Alibaba target holds that nobody should accept without looking. */
export function reviewAlibaba(t: AlibabaTarget): ReviewNote[] {
  const notes: ReviewNote[] = [];
  if (t.instance?.vpcAuthFree === true) {
    notes.push({
      path: ["instance", "vpcAuthFree"],
      note: "clients in the VPC connect without credentials",
    });
  }
  const access = t.instance?.accessWhitelist;
  if (access !== undefined && (access.length === 0 || anyAddress(access))) {
    notes.push({
      path: ["instance", "accessWhitelist"],
      note: "the instance accepts connections from any address",
    });
  }
  if (anyAddress(t.instance?.internetWhitelist)) {
    notes.push({
      path: ["instance", "internetWhitelist"],
      note: "the internet endpoint accepts any address",
    });
  }
  for (const [name, account] of Object.entries(t.accounts ?? {})) {
    (account.acls ?? []).forEach((acl, i) => {
      if (acl.decision === "Allow" && anyAddress(acl.ipWhitelists)) {
        notes.push({
          path: ["accounts", name, "acls", i],
          note: `${name} is allowed ${acl.resource} from any address`,
        });
      }
    });
  }
  return notes;
}
