// Every response the HTTP interface sends is JSON with the same safety headers, built here only.
import type { NormalizedResponse } from "./types.ts";

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): NormalizedResponse {
  return {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      // Reports describe who may do what on a broker: never let a proxy or browser keep a copy.
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-request-id": requestId,
      ...extraHeaders,
    },
    body: JSON.stringify(body),
  };
}
