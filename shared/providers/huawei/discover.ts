// Huawei `discover:` entries: region → IAM project id, in which every RocketMQ instance must be a
// target. Instances no target names are read with ShowInstance only and reported as unexpected.
import { z } from "zod";
import type { ProviderModule } from "../module.ts";
import type { HuaweiTarget, HuaweiTargetOk } from "./target.ts";

export const HuaweiDiscoverSchema = z.strictObject({
  provider: z.literal("huawei"),
  credentials: z
    .string()
    .min(1)
    .optional()
    .describe("Credentials profile; default: the base identity"),
  projects: z
    .record(
      z.string().min(1),
      z.string().regex(/^[0-9a-f]{32}$/i, "expected a 32-hex-digit project id"),
    )
    .refine((p) => Object.keys(p).length > 0, "name at least one region")
    .describe("Region → IAM project id whose every instance must be a target"),
});
export type HuaweiDiscover = z.infer<typeof HuaweiDiscoverSchema>;

export const huaweiDiscovery: ProviderModule<
  HuaweiTarget,
  HuaweiTargetOk,
  { status: "error" },
  unknown,
  { provider: "huawei" },
  HuaweiDiscover
>["discovery"] = {
  schema: HuaweiDiscoverSchema,
  scopes: (entry) =>
    Object.entries(entry.projects).map(([region, projectId]) => ({ region, projectId })),
  entry: (scope) => ({
    provider: "huawei",
    projects: { [scope.region]: scope.projectId as string },
  }),
  target: (scope, instanceId, credentials) => ({
    provider: "huawei",
    region: scope.region,
    projectId: scope.projectId as string,
    instanceId,
    ...(credentials ? { credentials } : {}),
  }),
  accessControlOff: (s) => !s.instance.aclEnabled,
  settings: (s) => s.instance,
};
