// What every provider's baseline target has in common: where the instance is and how to treat
// principals the baseline does not name. Provider modules spread these into their target schemas.
import { z } from "zod";

export const UnmanagedSchema = z
  .enum(["report", "ignore"])
  .describe("What to do with principals/entries found in the cloud but not in the baseline");
export type Unmanaged = z.infer<typeof UnmanagedSchema>;

export const targetCommon = {
  region: z.string().min(1).describe("Cloud region id, e.g. cn-hangzhou, cn-north-4"),
  instanceId: z.string().min(1).describe("Instance id (Huawei: a UUID)"),
  name: z.string().optional().describe("Human label"),
  endpoint: z
    .url({ protocol: /^https?$/, message: "expected an http(s):// URL" })
    .optional()
    .describe("API endpoint override (http allowed for local stand-ins)"),
  unmanaged: UnmanagedSchema.optional().describe("Overrides defaults.unmanaged for this target"),
  credentials: z
    .string()
    .min(1)
    .optional()
    .describe("Name of a credentials profile; default: the base identity from the environment"),
};

/** The fields every baseline target carries, whatever its provider. */
export interface TargetBase {
  provider: string;
  region: string;
  instanceId: string;
  name?: string | undefined;
  endpoint?: string | undefined;
  unmanaged?: Unmanaged | undefined;
  credentials?: string | undefined;
}
