// Body size rules, kept apart from body.ts so the router can refuse a large body without loading zod.

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Size as sent over the wire (UTF-8), which is what the limit is about, not the character count. */
export function bodyBytes(body: string | null): number {
  return body === null ? 0 : Buffer.byteLength(body, "utf8");
}
