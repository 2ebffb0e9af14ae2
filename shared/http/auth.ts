// Bearer tokens are checked against SHA-256 digests (RMQ_DRIFT_HTTP_TOKEN_SHA256), so the service never
// holds a usable token. Comparing digests, not tokens, also makes every comparison the same length.
import { createHash, timingSafeEqual } from "node:crypto";

const SHA256_HEX = /^[0-9a-f]{64}$/i;

export type DigestEqual = (a: Buffer, b: Buffer) => boolean;

/** Configured hex digests as 32-byte buffers; malformed entries are returned separately to be logged. */
export function parseTokenHashes(hashes: readonly string[]): { valid: Buffer[]; invalid: number } {
  const valid: Buffer[] = [];
  let invalid = 0;
  for (const raw of hashes) {
    const hex = raw.trim();
    if (SHA256_HEX.test(hex)) valid.push(Buffer.from(hex, "hex"));
    else if (hex !== "") invalid += 1;
  }
  return { valid, invalid };
}

/** The token from `Authorization: Bearer <token>` (scheme case-insensitive), or null. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(authorization);
  return match?.[1] ?? null;
}

/**
 * Whether `token` hashes to one of `digests`. Every digest is compared, whatever matched earlier, so
 * the time taken says nothing about which (or whether an early) one matched.
 */
export function tokenMatches(
  token: string,
  digests: readonly Buffer[],
  equal: DigestEqual = timingSafeEqual,
): boolean {
  const presented = createHash("sha256").update(token, "utf8").digest();
  let matched = false;
  for (const digest of digests) {
    // Non-short-circuit OR: `matched || equal(...)` would skip the remaining comparisons.
    matched = equal(presented, digest) || matched;
  }
  return matched;
}
