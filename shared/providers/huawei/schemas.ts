// Wire shapes of the DMS for RocketMQ calls we make (reference §A1), validated with zod.
// `z.object` drops keys it does not name: `secret_key` is deliberately not named, so it never
// leaves parsing. Permission strings stay plain strings here and are normalised in users.ts,
// where an unknown value can be reported with its field path.
import { z } from "zod";

export const ErrorBodySchema = z.object({
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  request_id: z.string().optional(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional(),
});

const NamedPermWireSchema = z.object({ name: z.string().min(1), perm: z.string() });

export const UserWireSchema = z.object({
  access_key: z.string().min(1),
  white_remote_address: z.string(),
  admin: z.boolean(),
  default_topic_perm: z.string(),
  default_group_perm: z.string(),
  topic_perms: z.array(NamedPermWireSchema),
  group_perms: z.array(NamedPermWireSchema),
});
export type UserWire = z.infer<typeof UserWireSchema>;

export const ListUserResponseSchema = z.object({
  users: z.array(UserWireSchema),
  total: z.number().int().nonnegative(),
});

const instanceFields = {
  instance_id: z.string().min(1),
  name: z.string().optional(),
  engine: z.string(),
  engine_version: z.string().optional(),
  status: z.string(),
};

/** ShowInstance: `enable_acl` is what the audit needs, so its absence fails the target. */
export const ShowInstanceResponseSchema = z.object({ ...instanceFields, enable_acl: z.boolean() });
export type InstanceWire = z.infer<typeof ShowInstanceResponseSchema>;

export const ListInstancesResponseSchema = z.object({
  instances: z.array(z.object({ ...instanceFields, enable_acl: z.boolean().optional() })),
  instance_num: z.number().int().nonnegative(),
});

/** Engines a DMS for RocketMQ instance reports (`reliability` is the older name). */
export const ROCKETMQ_ENGINES: ReadonlySet<string> = new Set(["rocketmq", "reliability"]);
