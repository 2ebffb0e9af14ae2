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

/** The snapshot document around a union of provider target schemas. */
export function snapshotSchemaOf<T extends z.ZodType>(targets: T) {
  return z.strictObject({
    schemaVersion: z.literal(1),
    collectedAt: z.iso.datetime({ offset: true }),
    targets: z.array(targets),
  });
}

/** Target key `provider/region/instanceId` (DESIGN.md §5). */
export function targetKey(t: { provider: string; region: string; instanceId: string }): string {
  return `${t.provider}/${t.region}/${t.instanceId}`;
}

/** What collecting one target cost: HTTP requests sent (retries included) and wall time. */
export interface CollectStats {
  apiCalls: number;
  durationMs: number;
}
