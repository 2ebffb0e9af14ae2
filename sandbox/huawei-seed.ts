// The Huawei stand-in's estate: accounts that may sign requests, and DMS for RocketMQ instances
// with their users, in the API's own field names (secret keys included, as the API returns them).
import { z } from "zod";

const NamedPermSeedSchema = z.strictObject({ name: z.string().min(1), perm: z.string() });

export const HuaweiSeedUserSchema = z.strictObject({
  access_key: z.string().min(1),
  secret_key: z.string(),
  white_remote_address: z.string(),
  admin: z.boolean(),
  // Plain strings, so a test can seed a value the client must refuse.
  default_topic_perm: z.string(),
  default_group_perm: z.string(),
  topic_perms: z.array(NamedPermSeedSchema),
  group_perms: z.array(NamedPermSeedSchema),
});
export type HuaweiSeedUser = z.infer<typeof HuaweiSeedUserSchema>;

export const HuaweiSeedInstanceSchema = z.strictObject({
  /** IAM project ids are 32 hex digits; the stand-in refuses others like DMS does. */
  projectId: z.string().regex(/^[0-9a-f]{32}$/i),
  instanceId: z.guid(),
  /** The owning account (domain); absent: every credential sees it. */
  domain: z.string().optional(),
  name: z.string().optional(),
  enableAcl: z.boolean(),
  engine: z.string().optional(),
  engineVersion: z.string().optional(),
  status: z.string().optional(),
  users: z.array(HuaweiSeedUserSchema),
});
export type HuaweiSeedInstance = z.infer<typeof HuaweiSeedInstanceSchema>;

export const HuaweiSeedSchema = z.strictObject({
  credentials: z
    .array(
      z.strictObject({
        ak: z.string().min(1),
        sk: z.string().min(1),
        securityToken: z.string().optional(),
        /** The account (domain) the key belongs to: it sees only that domain's instances. */
        domain: z.string().optional(),
        /** Temporary keys stop working at this instant (ISO 8601). */
        expiresAt: z.string().optional(),
      }),
    )
    .min(1),
  /** IAM agencies: `trusts` lists the domains whose keys may assume each. */
  agencies: z
    .array(z.strictObject({ domain: z.string(), name: z.string(), trusts: z.array(z.string()) }))
    .optional(),
  instances: z.array(HuaweiSeedInstanceSchema),
  /** Page size the server clamps `limit` to (a server that returns less than asked). */
  maxLimit: z.number().int().min(1).max(50).optional(),
});
export type HuaweiSeed = z.infer<typeof HuaweiSeedSchema>;
export type HuaweiSeedInput = z.input<typeof HuaweiSeedSchema>;

/** ShowInstance / ListInstances entry, with the audit fields and a realistic handful of others. */
export function instanceBody(inst: HuaweiSeedInstance) {
  return {
    instance_id: inst.instanceId,
    name: inst.name ?? `rocketmq-${inst.instanceId.slice(0, 8)}`,
    engine: inst.engine ?? "reliability",
    engine_version: inst.engineVersion ?? "4.8.0",
    status: inst.status ?? "RUNNING",
    enable_acl: inst.enableAcl,
    type: "cluster",
    specification: "c6.4u8g.cluster",
    storage_space: 600,
    used_storage_space: 12,
    ssl_enable: false,
    enable_publicip: false,
    namesrv_address: "192.168.0.10:8100;192.168.0.11:8100",
    broker_address: "192.168.0.10:10100,192.168.0.11:10100",
    vpc_id: "0a7a5bd1-1d0d-4bd5-a7e5-5d3b6c0a6a10",
    subnet_id: "5f0d9f84-8e8c-47f2-a85d-7ee1bcb0c2e8",
    security_group_id: "7a3f0bcb-16a6-4f55-b0a4-b8d4c1a10d3e",
    enterprise_project_id: "0",
    created_at: "1700000000000",
    tags: [],
  };
}
