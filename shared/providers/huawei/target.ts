// Huawei's two contracts: the baseline target (what a baseline may expect of an instance) and the
// snapshot target (what the collector read). Principals follow the RocketMQ 4.x plain-ACL model.
import { z } from "zod";
import { Perm4PrincipalExpectationSchema, Perm4PrincipalSchema } from "../../model/perm4.ts";
import { TargetErrorSchema } from "../../model/snapshot.ts";
import { targetCommon } from "../../model/target.ts";

export const HuaweiTargetSchema = z.strictObject({
  provider: z.literal("huawei"),
  ...targetCommon,
  projectId: z.string().min(1).describe("IAM project id of the region"),
  instance: z
    .strictObject({ aclEnabled: z.boolean().optional().describe("Instance access control on") })
    .optional(),
  users: z
    .record(z.string(), Perm4PrincipalExpectationSchema)
    .optional()
    .describe("Users by access key; absent: not checked"),
});
export type HuaweiTarget = z.infer<typeof HuaweiTargetSchema>;

export const HuaweiInstanceSchema = z.strictObject({ aclEnabled: z.boolean() });
export type HuaweiInstance = z.infer<typeof HuaweiInstanceSchema>;

const huaweiKey = {
  provider: z.literal("huawei"),
  region: z.string().min(1),
  projectId: z.string().min(1),
  instanceId: z.string().min(1),
};

export const HuaweiTargetOkSchema = z.strictObject({
  ...huaweiKey,
  status: z.literal("ok"),
  error: z.null(),
  instance: HuaweiInstanceSchema,
  users: z.array(Perm4PrincipalSchema),
});
export type HuaweiTargetOk = z.infer<typeof HuaweiTargetOkSchema>;

export const HuaweiTargetErrorSchema = z.strictObject({
  ...huaweiKey,
  status: z.literal("error"),
  error: TargetErrorSchema,
});
export type HuaweiTargetError = z.infer<typeof HuaweiTargetErrorSchema>;
export type HuaweiSnapshotTarget = HuaweiTargetOk | HuaweiTargetError;
