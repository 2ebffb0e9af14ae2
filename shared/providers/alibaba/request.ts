// Builds one signed ROA GET request. The query string is encoded once and the same string goes on
// the wire and into the canonical request, so the server's re-canonicalisation cannot disagree.
import { randomBytes } from "node:crypto";
import type { HttpRequest } from "../../net/transport.ts";
import type { AlibabaCredentials } from "../types.ts";
import { AlibabaApiError } from "./response.ts";
import { canonicalQueryString, EMPTY_PAYLOAD_SHA256, encodeRoaPath, signRequest } from "./sign.ts";

export const API_VERSION = "2022-08-01";

export interface RoaRequestSpec {
  action: string;
  /** Origin of the endpoint, e.g. `https://rocketmq.cn-hangzhou.aliyuncs.com`. */
  origin: string;
  /** Raw (unencoded) path segments. */
  segments: readonly string[];
  query?: Readonly<Record<string, string | number | undefined>>;
}

export interface SigningContext {
  credentials: AlibabaCredentials;
  /** The clock the request is signed with; default the system clock. */
  signingClock?: () => Date;
  nonce?: () => string;
}

export function buildSignedRequest(spec: RoaRequestSpec, ctx: SigningContext): HttpRequest {
  const query = definedQuery(spec.query ?? {});
  const path = encodeRoaPath(spec.segments);
  const search = canonicalQueryString(query);
  const url = new URL(`${spec.origin}${path}${search ? `?${search}` : ""}`);
  if (url.pathname !== path) {
    // `.` and `..` segments (even as %2E) are resolved by URL parsers: the request would reach
    // another resource, so it is refused instead of sent.
    throw new AlibabaApiError(
      `${spec.action} cannot address a path segment of "." or ".."`,
      {
        call: spec.action,
        httpStatus: null,
        code: "InvalidPathSegment",
        requestId: null,
        retryable: false,
      },
      "http",
    );
  }
  const headers = acsHeaders(spec.action, ctx);
  const signature = signRequest({
    method: "GET",
    path,
    query,
    headers: { ...headers, host: url.host },
    accessKeyId: ctx.credentials.accessKeyId,
    accessKeySecret: ctx.credentials.accessKeySecret,
  });
  return {
    method: "GET",
    url,
    headers: { ...headers, ...signature, accept: "application/json", "user-agent": "rmq-drift" },
  };
}

function acsHeaders(action: string, ctx: SigningContext): Record<string, string> {
  const headers: Record<string, string> = {
    "x-acs-action": action,
    "x-acs-version": API_VERSION,
    "x-acs-date": acsDate((ctx.signingClock ?? (() => new Date()))()),
    "x-acs-signature-nonce": (ctx.nonce ?? randomNonce)(),
    "x-acs-content-sha256": EMPTY_PAYLOAD_SHA256,
  };
  const token = ctx.credentials.securityToken;
  if (token) {
    // STS: the token is signed; the SDK also sends the key id in a header, which does no harm.
    headers["x-acs-accesskey-id"] = ctx.credentials.accessKeyId;
    headers["x-acs-security-token"] = token;
  }
  return headers;
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, no milliseconds. */
export function acsDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function randomNonce(): string {
  return randomBytes(16).toString("hex");
}

function definedQuery(query: Readonly<Record<string, string | number | undefined>>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = String(v);
  return out;
}
