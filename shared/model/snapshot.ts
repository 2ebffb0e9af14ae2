// The snapshot contract (DESIGN.md §4): what was collected from the clouds, secrets already gone.
import { z } from "zod";

/** Huawei / RocketMQ 4.x permission strings, as the API returns them (`SUB|PUB` is accepted too). */
export const HuaweiPermSchema = z.enum(["PUB", "SUB", "PUB|SUB", "SUB|PUB", "DENY"]);
export type HuaweiPerm = z.infer<typeof HuaweiPermSchema>;

export const TargetErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  httpStatus: z.number().int().nullable(),
  /** Provider call that failed, e.g. `ListInstanceAcl`. */
  call: z.string().nullable().optional(),
  requestId: z.string().nullable().optional(),
});
export type TargetError = z.infer<typeof TargetErrorSchema>;

export const AlibabaAclSchema = z.strictObject({
  /** `Topic:<name>` or `Group:<name>`. */
  resource: z.string().regex(/^(Topic|Group):.+$/, "expected Topic:<name> or Group:<name>"),
  decision: z.enum(["Allow", "Deny"]),
  /** Action names (`Pub`, `Sub`; `"Pub|Sub"` in one string is split by the engine). */
  actions: z.array(z.string()),
  /** IPs / CIDRs; empty means any address. */
  ipWhitelists: z.array(z.string()),
});
export type AlibabaAcl = z.infer<typeof AlibabaAclSchema>;

export const AlibabaAccountSchema = z.strictObject({
  username: z.string().min(1),
  status: z.enum(["ENABLE", "DISABLE"]),
  accountType: z.string(),
  acls: z.array(AlibabaAclSchema),
});
export type AlibabaAccount = z.infer<typeof AlibabaAccountSchema>;

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

export const NamedPermSchema = z.strictObject({ name: z.string().min(1), perm: HuaweiPermSchema });
export type NamedPerm = z.infer<typeof NamedPermSchema>;

export const HuaweiUserSchema = z.strictObject({
  accessKey: z.string().min(1),
  admin: z.boolean(),
  /** RocketMQ 4.x whitelist pattern string, verbatim; empty means no address. */
  whitelist: z.string(),
  defaultTopicPerm: HuaweiPermSchema,
  defaultGroupPerm: HuaweiPermSchema,
  topicPerms: z.array(NamedPermSchema),
  groupPerms: z.array(NamedPermSchema),
});
export type HuaweiUser = z.infer<typeof HuaweiUserSchema>;

export const HuaweiInstanceSchema = z.strictObject({ aclEnabled: z.boolean() });
export type HuaweiInstance = z.infer<typeof HuaweiInstanceSchema>;

const alibabaKey = {
  provider: z.literal("alibaba"),
  region: z.string().min(1),
  instanceId: z.string().min(1),
};
const huaweiKey = {
  provider: z.literal("huawei"),
  region: z.string().min(1),
  projectId: z.string().min(1),
  instanceId: z.string().min(1),
};

export const AlibabaTargetOkSchema = z.strictObject({
  ...alibabaKey,
  status: z.literal("ok"),
  error: z.null(),
  instance: AlibabaInstanceSchema,
  accounts: z.array(AlibabaAccountSchema),
});
export const HuaweiTargetOkSchema = z.strictObject({
  ...huaweiKey,
  status: z.literal("ok"),
  error: z.null(),
  instance: HuaweiInstanceSchema,
  users: z.array(HuaweiUserSchema),
});
export const AlibabaTargetErrorSchema = z.strictObject({
  ...alibabaKey,
  status: z.literal("error"),
  error: TargetErrorSchema,
});
export const HuaweiTargetErrorSchema = z.strictObject({
  ...huaweiKey,
  status: z.literal("error"),
  error: TargetErrorSchema,
});

export const SnapshotTargetSchema = z.discriminatedUnion("status", [
  z.discriminatedUnion("provider", [AlibabaTargetOkSchema, HuaweiTargetOkSchema]),
  z.discriminatedUnion("provider", [AlibabaTargetErrorSchema, HuaweiTargetErrorSchema]),
]);
export type AlibabaTargetOk = z.infer<typeof AlibabaTargetOkSchema>;
export type HuaweiTargetOk = z.infer<typeof HuaweiTargetOkSchema>;
export type SnapshotTarget = z.infer<typeof SnapshotTargetSchema>;
export type SnapshotTargetError = Extract<SnapshotTarget, { status: "error" }>;

export const SnapshotSchema = z.strictObject({
  schemaVersion: z.literal(1),
  collectedAt: z.iso.datetime({ offset: true }),
  targets: z.array(SnapshotTargetSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** Target key `provider/region/instanceId` (DESIGN.md §5). */
export function targetKey(t: { provider: string; region: string; instanceId: string }): string {
  return `${t.provider}/${t.region}/${t.instanceId}`;
}
