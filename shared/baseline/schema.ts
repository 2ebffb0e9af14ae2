// The baseline contract (DESIGN.md §3): strict zod objects, the single source of the baseline types.
import { z } from "zod";
import { HuaweiPermSchema } from "../model/snapshot.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const UnmanagedSchema = z
  .enum(["report", "ignore"])
  .describe("What to do with principals/entries found in the cloud but not in the baseline");

export const WaiverSchema = z.strictObject({
  id: z.string().min(1).describe("Unique waiver id, e.g. a ticket number"),
  target: z.string().min(1).describe("Glob over the target key provider/region/instanceId"),
  principal: z.string().min(1).optional().describe("Glob over the principal name"),
  resource: z.string().min(1).optional().describe("Glob over the resource, e.g. Topic:orders"),
  field: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Finding field the waiver covers, e.g. ipWhitelists, acl, topicPerm; absent: all fields",
    ),
  reason: z.string().min(1).describe("Why the drift is accepted; shown in reports"),
  owner: z.string().min(1).optional().describe("Team or person answerable for the waiver"),
  expires: z
    .string()
    .regex(DATE, "expected a date YYYY-MM-DD")
    .describe("Last day (UTC) on which the waiver applies"),
});
export type Waiver = z.infer<typeof WaiverSchema>;

export const AlibabaActionSchema = z
  .string()
  .min(1)
  .describe('Pub or Sub (any case), or both as "Pub|Sub"; Group resources take Sub only');

export const AlibabaAclExpectationSchema = z.strictObject({
  resource: z.string().describe("Topic:<name> or Group:<name>"),
  decision: z
    .enum(["Allow", "Deny"])
    .describe("Allow or Deny; a Deny → Allow change is an escalation"),
  actions: z.array(AlibabaActionSchema).optional().describe("Pub, Sub; compared as a set"),
  ipWhitelists: z
    .array(z.string())
    .optional()
    .describe("IPs/CIDRs; empty means any address; absent means not checked"),
});
export type AlibabaAclExpectation = z.infer<typeof AlibabaAclExpectationSchema>;

export const AlibabaAccountExpectationSchema = z.strictObject({
  status: z.enum(["ENABLE", "DISABLE"]).optional().describe("Account status; absent: not checked"),
  acls: z
    .array(AlibabaAclExpectationSchema)
    .optional()
    .describe("Every ACL entry of the account, keyed by resource; absent: not checked"),
});
export type AlibabaAccountExpectation = z.infer<typeof AlibabaAccountExpectationSchema>;

export const AlibabaInstanceExpectationSchema = z.strictObject({
  aclTypes: z.array(z.string()).optional().describe("e.g. [apache_acl]; compared as a set"),
  vpcAuthFree: z.boolean().optional().describe("Authentication-free access from the VPC"),
  internetWhitelist: z
    .array(z.string())
    .optional()
    .describe("GetInstance's internet IP whitelist (IPs/CIDRs); empty means any address"),
  accessWhitelist: z
    .array(z.string())
    .optional()
    .describe(
      "The instance's access-control IP whitelist (ListInstanceIpWhitelist; public and VPC clients; default 0.0.0.0/0); empty means any address",
    ),
});

const targetCommon = {
  region: z.string().min(1).describe("Cloud region id, e.g. cn-hangzhou, cn-north-4"),
  instanceId: z.string().min(1).describe("Instance id (Huawei: a UUID)"),
  name: z.string().optional().describe("Human label"),
  endpoint: z
    .url({ protocol: /^https?$/, message: "expected an http(s):// URL" })
    .optional()
    .describe("API endpoint override (http allowed for local stand-ins)"),
  unmanaged: UnmanagedSchema.optional().describe("Overrides defaults.unmanaged for this target"),
};

export const AlibabaTargetSchema = z.strictObject({
  provider: z.literal("alibaba"),
  ...targetCommon,
  instance: AlibabaInstanceExpectationSchema.optional(),
  accounts: z
    .record(z.string(), AlibabaAccountExpectationSchema)
    .optional()
    .describe("Accounts by username; absent: not checked"),
});
export type AlibabaTarget = z.infer<typeof AlibabaTargetSchema>;

export const HuaweiUserExpectationSchema = z.strictObject({
  admin: z.boolean().optional().describe("Administrator: publish/subscribe on everything"),
  whitelist: z
    .string()
    .optional()
    .describe("RocketMQ 4.x whitelist pattern; empty means no address"),
  defaultTopicPerm: HuaweiPermSchema.optional().describe("PUB, SUB, PUB|SUB or DENY"),
  defaultGroupPerm: HuaweiPermSchema.optional().describe(
    "SUB or DENY (groups are only checked for SUB)",
  ),
  topicPerms: z
    .record(z.string(), HuaweiPermSchema)
    .optional()
    .describe("Per-topic permissions overriding defaultTopicPerm"),
  groupPerms: z
    .record(z.string(), HuaweiPermSchema)
    .optional()
    .describe("Per-group permissions (SUB or DENY) overriding defaultGroupPerm"),
});
export type HuaweiUserExpectation = z.infer<typeof HuaweiUserExpectationSchema>;

export const HuaweiTargetSchema = z.strictObject({
  provider: z.literal("huawei"),
  ...targetCommon,
  projectId: z.string().min(1).describe("IAM project id of the region"),
  instance: z
    .strictObject({ aclEnabled: z.boolean().optional().describe("Instance access control on") })
    .optional(),
  users: z
    .record(z.string(), HuaweiUserExpectationSchema)
    .optional()
    .describe("Users by access key; absent: not checked"),
});
export type HuaweiTarget = z.infer<typeof HuaweiTargetSchema>;

export const BaselineTargetSchema = z.discriminatedUnion("provider", [
  AlibabaTargetSchema,
  HuaweiTargetSchema,
]);
export type BaselineTarget = z.infer<typeof BaselineTargetSchema>;

export const BaselineSchema = z.strictObject({
  version: z.literal(1).describe("Baseline format version"),
  defaults: z.strictObject({ unmanaged: UnmanagedSchema.optional() }).optional(),
  waivers: z.array(WaiverSchema).optional().describe("Accepted drift, each with an expiry date"),
  targets: z
    .array(BaselineTargetSchema)
    .describe("Instances to audit; target key provider/region/instanceId"),
});
export type Baseline = z.infer<typeof BaselineSchema>;
