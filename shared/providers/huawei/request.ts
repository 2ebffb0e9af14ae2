// Builds one signed DMS request and reads one response body: the two halves of every ApiCall.
import type { z } from "zod";
import type { HttpRequest, HttpResponse } from "../../net/transport.ts";
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
): HttpRequest {
  const base = new URL(loc.endpoint);
  const prefix = decodeURIComponent(base.pathname.replace(/\/+$/, ""));
  const path = [prefix, ...segments].join("/");
  const qs = canonicalQueryString(query);
  // The wire path and query use the canonical encoding, so what the gateway decodes is what we signed.
  const url = new URL(
    `${base.origin}${path.split("/").map(encodeRfc3986).join("/")}${qs ? `?${qs}` : ""}`,
  );
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

/** Non-2xx → mapped error; 2xx → JSON validated against `schema`, or MalformedResponse. */
export function readBody<S extends z.ZodType>(
  call: string,
  res: HttpResponse,
  schema: S,
  redact: Redact,
): z.infer<S> {
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(call, res, redact);
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    // The parser's message quotes the body (which may hold secret_key values): never kept.
    // A truncated body is worth another try.
    throw malformedResponse(call, res, "body is not valid JSON", true);
  }
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
