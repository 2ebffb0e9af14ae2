// Small helpers both providers' builders use to write operations as data.
import type { CloudOperation } from "../../model/remediation.ts";

/**
 * Percent-encodes one path segment as the official SDKs do: `encodeURIComponent`, plus `*` (Alibaba's
 * Darabonba `percentEncode`; Huawei's names cannot contain it), so a path reads as they would send it.
 */
export function segment(value: string): string {
  return encodeURIComponent(value).replaceAll("*", "%2A");
}

export function operation(
  name: string,
  method: CloudOperation["method"],
  path: string,
  parts: { query?: Record<string, string>; body?: unknown } = {},
): CloudOperation {
  return { operation: name, method, path, query: parts.query ?? null, body: parts.body ?? null };
}

/** `provider/region/instanceId` → instanceId (ids never contain a slash). */
export function instanceIdOf(targetKey: string): string {
  return targetKey.split("/").slice(2).join("/");
}
