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

/** A stored HTML report, to be sent as a page rather than as JSON. */
export class HtmlPage {
  constructor(readonly html: string) {}
}

// The report is self-contained (inline styles and script, data: images): nothing else may load, and
// no other site may frame it.
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function htmlResponse(page: HtmlPage, requestId: string): NormalizedResponse {
  return {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": REPORT_CSP,
      "referrer-policy": "no-referrer",
      "x-request-id": requestId,
    },
    body: page.html,
  };
}
