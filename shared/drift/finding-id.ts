// Finding ids: the same drift on the next run gets the same id, whatever else changed around it.
import { createHash } from "node:crypto";
import type { Field, Kind } from "../model/finding.ts";

/** First 16 hex digits of SHA-256 over the JSON array [target, principal, resource, field, kind]. */
export function findingId(
  target: string,
  principal: string | null,
  resource: string | null,
  field: Field,
  kind: Kind,
): string {
  const identity = JSON.stringify([target, principal, resource, field, kind]);
  return createHash("sha256").update(identity).digest("hex").slice(0, 16);
}
