// Builds one signed DMS request (response.ts reads the answer).
import { ProviderError } from "../../errors.ts";
import type { HttpRequest } from "../../net/transport.ts";
import type { HuaweiCredentials } from "../types.ts";
import {
  canonicalQueryString,
  encodeRfc3986,
  formatSdkDate,
  type QueryValue,
  signRequest,
} from "./sign.ts";

/** Query names and values, one value per name (no DMS call rmq-drift makes repeats a name). */
export type RequestQuery = Readonly<Record<string, QueryValue>>;

export interface HuaweiLocation {
  /** `https://dms.{region}.myhuaweicloud.com`, or an override (a path prefix is kept). */
  endpoint: string;
  /** IAM project id of the region; in the path and in the signed `X-Project-Id` header. */
  projectId: string;
}

export interface SignContext {
  credentials: HuaweiCredentials;
  /** The clock the request is signed with. */
  signingClock: () => Date;
}

/** `segments` are decoded path segments after the endpoint, e.g. `["v2", projectId, "instances"]`. */
export function buildSignedRequest(
  ctx: SignContext,
  loc: HuaweiLocation,
  segments: readonly string[],
  query: RequestQuery = {},
  call = "request",
): HttpRequest {
  checkSegments(call, segments);
  const base = new URL(loc.endpoint);
  const prefix = decodeURIComponent(base.pathname.replace(/\/+$/, ""));
  const path = [prefix, ...segments].join("/");
  const qs = canonicalQueryString(query);
  // The wire path and query use the canonical encoding, so what the gateway decodes is what we signed.
  const wirePath = path.split("/").map(encodeRfc3986).join("/");
  const url = new URL(`${base.origin}${wirePath}${qs ? `?${qs}` : ""}`);
  // Belt and braces: whatever a URL parser would still normalise must not redirect the request.
  if (url.pathname !== wirePath) throw invalidSegment(call);
  const signedHeaders: Record<string, string> = {
    host: url.host,
    "X-Sdk-Date": formatSdkDate(ctx.signingClock()),
    "X-Project-Id": loc.projectId,
  };
  if (ctx.credentials.securityToken)
    signedHeaders["X-Security-Token"] = ctx.credentials.securityToken;
  const signature = signRequest({
    method: "GET",
    path: wirePath,
    query: Object.fromEntries(Object.entries(query).map(([name, value]) => [name, String(value)])),
    headers: signedHeaders,
    accessKeyId: ctx.credentials.ak,
    accessKeySecret: ctx.credentials.sk,
  });
  // undici derives `Host` from the URL, identical to the signed value.
  const { host: _host, ...sent } = signedHeaders;
  return {
    method: "GET",
    url,
    headers: { ...sent, ...signature, "User-Agent": "rmq-drift" },
  };
}

/**
 * A user name or instance id is one path segment. `a/b` would be split into two, `.`/`..` resolved
 * by the URL parser and an empty one would turn ShowUser into ListUser: each would address another
 * resource than asked, so the request is refused, not sent. The value is not quoted in the error.
 */
function checkSegments(call: string, segments: readonly string[]): void {
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || segment.includes("/")) {
      throw invalidSegment(call);
    }
  }
}

function invalidSegment(call: string): ProviderError {
  return new ProviderError(
    `${call} cannot address an empty, "." or ".." path segment or one containing "/"`,
    {
      provider: "huawei",
      call,
      httpStatus: null,
      code: "InvalidPathSegment",
      requestId: null,
      retryable: false,
    },
  );
}
