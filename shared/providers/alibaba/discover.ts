// Alibaba `discover:` entries: the regions in which every instance must be a target. Instances no
// target names are read with GetInstance only and reported as unexpected instances.
import { z } from "zod";
import type { ProviderModule } from "../module.ts";
import type { AlibabaTarget, AlibabaTargetOk } from "./target.ts";

export const AlibabaDiscoverSchema = z.strictObject({
  provider: z.literal("alibaba"),
  credentials: z
    .string()
    .min(1)
    .optional()
    .describe("Credentials profile; default: the base identity"),
  regions: z
    .array(z.string().min(1))
    .min(1)
    .describe("Regions whose every instance must be a target, e.g. [cn-hangzhou]"),
});
export type AlibabaDiscover = z.infer<typeof AlibabaDiscoverSchema>;

export const alibabaDiscovery: ProviderModule<
  AlibabaTarget,
  AlibabaTargetOk,
  { status: "error" },
  unknown,
  { provider: "alibaba" },
  AlibabaDiscover
>["discovery"] = {
  schema: AlibabaDiscoverSchema,
  scopes: (entry) => entry.regions.map((region) => ({ region })),
  entry: (scope) => ({ provider: "alibaba", regions: [scope.region] }),
  target: (scope, instanceId, credentials) => ({
    provider: "alibaba",
    region: scope.region,
    instanceId,
    ...(credentials ? { credentials } : {}),
  }),
  // VPC clients that need no credentials at all: the instance's ACL does not apply to them.
  accessControlOff: (s) => s.instance.vpcAuthFree === true,
  settings: (s) => s.instance,
};
