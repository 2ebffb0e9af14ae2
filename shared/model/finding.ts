// Findings: what the drift engine produces (DESIGN.md §5). The report adds history fields.
import { z } from "zod";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Higher rank = more severe; used for thresholds (`--fail-on`, alert minimum). */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export const KindSchema = z.enum(["missing", "unexpected", "changed", "unreadable"]);
export type Kind = z.infer<typeof KindSchema>;

export const DirectionSchema = z.enum(["escalation", "restriction", "lateral"]).nullable();
export type Direction = z.infer<typeof DirectionSchema>;

export const FIELDS = [
  "principal",
  "acl",
  "status",
  "admin",
  "whitelist",
  "defaultTopicPerm",
  "defaultGroupPerm",
  "topicPerm",
  "groupPerm",
  "decision",
  "actions",
  "ipWhitelists",
  "aclEnabled",
  "aclTypes",
  "vpcAuthFree",
  "internetWhitelist",
  "accessWhitelist",
  "target",
  "instance",
] as const;
export const FieldSchema = z.enum(FIELDS);
export type Field = z.infer<typeof FieldSchema>;

/** The waiver that covers a finding, as shown in reports. */
export const AppliedWaiverSchema = z.strictObject({
  id: z.string(),
  reason: z.string(),
  owner: z.string().nullable(),
  expires: z.string(),
});
export type AppliedWaiver = z.infer<typeof AppliedWaiverSchema>;

export const FindingSchema = z.strictObject({
  /** Stable hash of (target, principal, resource, field, kind). */
  id: z.string(),
  target: z.string(),
  principal: z.string().nullable(),
  resource: z.string().nullable(),
  field: FieldSchema,
  kind: KindSchema,
  direction: DirectionSchema,
  severity: SeveritySchema,
  /** Baseline side, normalised (sets as sorted arrays); null when absent. */
  expected: z.unknown(),
  /** Cloud side, normalised; null when absent. */
  actual: z.unknown(),
  message: z.string(),
  waiver: AppliedWaiverSchema.nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ExpiredWaiverSchema = z.strictObject({
  id: z.string(),
  target: z.string(),
  principal: z.string().nullable(),
  resource: z.string().nullable(),
  field: z.string().nullable(),
  reason: z.string(),
  owner: z.string().nullable(),
  expires: z.string(),
});
export type ExpiredWaiver = z.infer<typeof ExpiredWaiverSchema>;

export const RunStatusSchema = z.enum(["clean", "drift", "incomplete"]);
export type RunStatus = z.infer<typeof RunStatusSchema>;
