// Alibaba's two contracts: the baseline target (what a baseline may expect of an instance) and the
// snapshot target (what the collector read). Principals follow the ACL 2.0 permission model.
import { z } from "zod";
import { Acl2PrincipalExpectationSchema, Acl2PrincipalSchema } from "../../model/acl2.ts";
import { TargetErrorSchema } from "../../model/snapshot.ts";
import { targetCommon } from "../../model/target.ts";

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
export type AlibabaInstanceExpectation = z.infer<typeof AlibabaInstanceExpectationSchema>;

export const AlibabaTargetSchema = z.strictObject({
  provider: z.literal("alibaba"),
  ...targetCommon,
  instance: AlibabaInstanceExpectationSchema.optional(),
  accounts: z
    .record(z.string(), Acl2PrincipalExpectationSchema)
    .optional()
    .describe("Accounts by username; absent: not checked"),
});
export type AlibabaTarget = z.infer<typeof AlibabaTargetSchema>;

export const AlibabaInstanceSchema = z.strictObject({
  /** Absent: the cloud did not report it (`aclInfo` is optional in the API). */
  aclTypes: z.array(z.string()).optional(),
  /** Absent: the cloud did not report it. */
  vpcAuthFree: z.boolean().optional(),
  /** GetInstance's internet IP whitelist; empty means any address. */
  internetWhitelist: z.array(z.string()),
  /**
   * The instance's access-control IP whitelist (ListInstanceIpWhitelist), for public and VPC
   * clients alike; empty means any address. Absent only in snapshots taken before it was read.
   */
  accessWhitelist: z.array(z.string()).optional(),
});
export type AlibabaInstance = z.infer<typeof AlibabaInstanceSchema>;

const alibabaKey = {
  provider: z.literal("alibaba"),
  region: z.string().min(1),
  instanceId: z.string().min(1),
};

export const AlibabaTargetOkSchema = z.strictObject({
  ...alibabaKey,
  status: z.literal("ok"),
  error: z.null(),
  instance: AlibabaInstanceSchema,
  accounts: z.array(Acl2PrincipalSchema),
});
export type AlibabaTargetOk = z.infer<typeof AlibabaTargetOkSchema>;

export const AlibabaTargetErrorSchema = z.strictObject({
  ...alibabaKey,
  status: z.literal("error"),
  error: TargetErrorSchema,
});
export type AlibabaTargetError = z.infer<typeof AlibabaTargetErrorSchema>;
export type AlibabaSnapshotTarget = AlibabaTargetOk | AlibabaTargetError;
