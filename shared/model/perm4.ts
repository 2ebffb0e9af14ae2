// The RocketMQ 4.x plain-ACL permission model (Huawei DMS for RocketMQ): per user, default topic and
// group permissions, per-topic / per-group overrides and a whitelist pattern that bypasses checks.
import { z } from "zod";

/** RocketMQ 4.x permission strings, as the API returns them (`SUB|PUB` is accepted too). */
export const Perm4Schema = z.enum(["PUB", "SUB", "PUB|SUB", "SUB|PUB", "DENY"]);
export type Perm4 = z.infer<typeof Perm4Schema>;

export const NamedPermSchema = z.strictObject({ name: z.string().min(1), perm: Perm4Schema });
export type NamedPerm = z.infer<typeof NamedPermSchema>;

export const Perm4PrincipalSchema = z.strictObject({
  accessKey: z.string().min(1),
  admin: z.boolean(),
  /** RocketMQ 4.x whitelist pattern string, verbatim; empty means no address. */
  whitelist: z.string(),
  defaultTopicPerm: Perm4Schema,
  defaultGroupPerm: Perm4Schema,
  topicPerms: z.array(NamedPermSchema),
  groupPerms: z.array(NamedPermSchema),
});
export type Perm4Principal = z.infer<typeof Perm4PrincipalSchema>;

export const Perm4PrincipalExpectationSchema = z.strictObject({
  admin: z.boolean().optional().describe("Administrator: publish/subscribe on everything"),
  whitelist: z
    .string()
    .optional()
    .describe("RocketMQ 4.x whitelist pattern; empty means no address"),
  defaultTopicPerm: Perm4Schema.optional().describe("PUB, SUB, PUB|SUB or DENY"),
  defaultGroupPerm: Perm4Schema.optional().describe(
    "SUB or DENY (groups are only checked for SUB)",
  ),
  topicPerms: z
    .record(z.string(), Perm4Schema)
    .optional()
    .describe("Per-topic permissions overriding defaultTopicPerm"),
  groupPerms: z
    .record(z.string(), Perm4Schema)
    .optional()
    .describe("Per-group permissions (SUB or DENY) overriding defaultGroupPerm"),
});
export type Perm4PrincipalExpectation = z.infer<typeof Perm4PrincipalExpectationSchema>;
