// Default severities (DESIGN.md §5 table), derived from what changed and in which direction.
import type { Direction, Field, Kind, Severity } from "../model/finding.ts";

/** Facts only the comparison site knows, that lift an escalation to critical. */
export interface SeverityFlags {
  /** An address set escalated and now covers every IPv4 address (it did not before). */
  widenedToAllIpv4?: boolean;
  /** An unexpected principal that is a Huawei administrator or reachable from every IPv4 address. */
  criticalPrincipal?: boolean;
}

const CRITICAL_ESCALATIONS: ReadonlySet<Field> = new Set(["admin", "aclEnabled", "vpcAuthFree"]);

export function severityOf(
  field: Field,
  kind: Kind,
  direction: Direction,
  flags: SeverityFlags = {},
): Severity {
  if (kind === "unreadable" || direction === null) return "high";
  if (direction === "escalation") {
    const critical =
      CRITICAL_ESCALATIONS.has(field) || flags.widenedToAllIpv4 || flags.criticalPrincipal;
    return critical ? "critical" : "high";
  }
  if (direction === "lateral") return "high";
  // Restrictions: losing a principal or an Allow entry, or a disabled account, can break
  // production traffic, so they rank above other restrictions. (A missing Deny is an escalation.)
  const breaksAccess =
    (kind === "missing" && (field === "principal" || field === "acl")) || field === "status";
  return breaksAccess ? "medium" : "low";
}
