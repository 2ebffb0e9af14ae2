// Builds one signed DMS request and reads one response body: the two halves of every ApiCall.
import type { z } from "zod";
import { ProviderError } from "../../errors.ts";
import type { HttpRequest, HttpResponse } from "../../net/transport.ts";
import { type SecretRegistry, takeSecretFields } from "../redact.ts";
import type { HuaweiCredentials } from "../types.ts";
import { errorFromResponse, malformedResponse, type Redact } from "./errors.ts";
import {
  canonicalQueryString,
  encodeRfc3986,
  formatSdkDate,
  type QueryParams,
  signSdkHmac,
} from "./sign.ts";

export interface HuaweiLocation {
  /** `https://dms.{region}.myhuaweicloud.com`, or an override (a path prefix is kept). */
  endpoint: string;
  /** IAM project id of the region; in the path and in the signed `X-Project-Id` header. */
  projectId: string;
}

export interface SignContext {
  credentials: HuaweiCredentials;
  now: () => Date;
}

/** `segments` are decoded path segments after the endpoint, e.g. `["v2", projectId, "instances"]`. */
export function buildSignedRequest(
  ctx: SignContext,
  loc: HuaweiLocation,
  segments: readonly string[],
  query?: QueryParams,
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
    "X-Sdk-Date": formatSdkDate(ctx.now()),
    "X-Project-Id": loc.projectId,
  };
  if (ctx.credentials.securityToken)
    signedHeaders["X-Security-Token"] = ctx.credentials.securityToken;
  const { authorization } = signSdkHmac({
    method: "GET",
    path,
    query,
    headers: signedHeaders,
    ak: ctx.credentials.ak,
    sk: ctx.credentials.sk,
  });
  // undici derives `Host` from the URL, identical to the signed value.
  const { host: _host, ...sent } = signedHeaders;
  return {
    method: "GET",
    url,
    headers: { ...sent, Authorization: authorization, "User-Agent": "rmq-drift" },
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

/** How a parser treats secrets: messages are blanked, `secret_key` values registered and dropped. */
export interface Boundary {
  redact: Redact;
  secrets: SecretRegistry;
}

/** Non-2xx → mapped error; 2xx → JSON validated against `schema`, or MalformedResponse. */
export function readBody<S extends z.ZodType>(
  call: string,
  res: HttpResponse,
  schema: S,
  boundary: Boundary,
): z.infer<S> {
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(call, res, boundary.redact);
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    // The parser's message quotes the body (which may hold secret_key values): never kept.
    // A truncated body is worth another try.
    throw malformedResponse(call, res, "body is not valid JSON", true);
  }
  // ListUser/ShowUser return each user's `secret_key`: registered (an echo of it later in the run
  // is blanked), then dropped before validation; the schemas do not name it either.
  takeSecretFields(data, /^secret_key$/i, boundary.secrets);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw malformedResponse(call, res, issues.join("; "));
  }
  return parsed.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("") || "(root)"
  );
}
