// The snapshot contract (DESIGN.md §4): what was collected from the clouds, secrets already gone.
// Each provider module defines its own target shapes; shared/providers/index.ts unites them.
import { z } from "zod";

export const TargetErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  httpStatus: z.number().int().nullable(),
  /** Provider call that failed, e.g. `ListInstanceAcl`. */
  call: z.string().nullable().optional(),
  requestId: z.string().nullable().optional(),
});
export type TargetError = z.infer<typeof TargetErrorSchema>;

/** One discover scope's listing: which instances it found, or why it could not list them. */
export const DiscoveredScopeSchema = z.strictObject({
  /** `provider/region/*`. */
  scope: z.string(),
  status: z.enum(["ok", "error"]),
  error: TargetErrorSchema.nullable(),
  instanceIds: z.array(z.string()),
});
export type DiscoveredScope = z.infer<typeof DiscoveredScopeSchema>;

/** The snapshot document around a union of provider target schemas. */
export function snapshotSchemaOf<T extends z.ZodType>(targets: T) {
  return z.strictObject({
    schemaVersion: z.literal(1),
    collectedAt: z.iso.datetime({ offset: true }),
    targets: z.array(targets),
    /** Full audits of a baseline with `discover:` entries; instances found there are in `targets`. */
    discovery: z.array(DiscoveredScopeSchema).optional(),
  });
}

/** The key of a discover scope: every instance of a provider's region. */
export const scopeKey = (provider: string, region: string) => `${provider}/${region}/*`;

/** Target key `provider/region/instanceId` (DESIGN.md §5). */
export function targetKey(t: { provider: string; region: string; instanceId: string }): string {
  return `${t.provider}/${t.region}/${t.instanceId}`;
}

/** What collecting one target cost: HTTP requests sent (retries included) and wall time. */
export interface CollectStats {
  apiCalls: number;
  durationMs: number;
}
