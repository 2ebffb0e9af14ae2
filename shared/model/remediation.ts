// Remediation carried by every report finding (DESIGN.md §5): how to put the cloud back, and how to make
// the baseline agree instead. Data only: rmq-drift never executes a `revert` operation.
import { z } from "zod";

export const CloudOperationSchema = z.strictObject({
  /** The operation's name in the provider's official SDK and API reference, e.g. `UpdateInstanceAcl`. */
  operation: z.string(),
  method: z.enum(["POST", "PUT", "PATCH", "DELETE"]),
  /** The request path with every path parameter filled in and percent-encoded. */
  path: z.string(),
  /** Query parameters the operation takes outside its body (Alibaba `UpdateInstanceAccount`, …). */
  query: z.record(z.string(), z.string()).nullable(),
  /** The JSON request body, or null for an operation without one. */
  body: z.unknown(),
});
export type CloudOperation = z.infer<typeof CloudOperationSchema>;

export const RemediationSchema = z.strictObject({
  /** The operations, in order, that restore what the baseline says; empty when there is nothing to
   * revert (an unreadable target). Values the baseline cannot know (a new password) are placeholders. */
  revert: z.array(CloudOperationSchema),
  /** The baseline YAML fragment that would make the baseline match the cloud; null when none would. */
  accept: z.string().nullable(),
  /** The baseline expectation the finding breaks: its document path and, when known, its line. */
  location: z
    .strictObject({
      path: z.string(),
      line: z.number().int().positive().nullable(),
      column: z.number().int().positive().nullable(),
    })
    .nullable(),
});
export type Remediation = z.infer<typeof RemediationSchema>;

/** A placeholder a reader must replace before running an operation; never a real secret. */
export function placeholder(what: string): string {
  return `<${what}>`;
}
