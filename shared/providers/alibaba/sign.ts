// ACS3-HMAC-SHA256 (Alibaba Cloud V3 signature), written from the V3 spec and checked against the
// official test vectors. Both sides use it: the client signs what it sends; the sandbox recomputes
// the canonical request from what arrived on the wire and compares.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { RequestSigner } from "../types.ts";

export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";
export const EMPTY_PAYLOAD_SHA256 =
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

/** RFC 3986 encoding for query names and values: only `A-Z a-z 0-9 - _ . ~` stay literal. */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * One ROA path segment. Matches the official SDK (encodeURIComponent, then `*` → `%2A`), which
 * leaves `!'()` literal in paths; the gateway accepts exactly what that SDK signs.
 */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/\*/g, "%2A");
}

/** Builds an encoded ROA path from raw segments: `["instances", "a b"]` → `/instances/a%20b`. */
export function encodeRoaPath(segments: readonly string[]): string {
  return `/${segments.map(encodePathSegment).join("/")}`;
}

/** CanonicalURI from an already-encoded path, exactly as openapi-core derives it. */
export function canonicalUri(encodedPath: string): string {
  return encodedPath.replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/g, "~");
}

/**
 * CanonicalURI recomputed from a raw path as it arrived: each segment decoded and re-encoded, so
 * `*` and `%2A`, `(` and `%28` canonicalise alike whichever form the client put on the wire.
 */
export function canonicalUriFromWire(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => encodePathSegment(safeDecode(segment)))
    .join("/");
}

/** Canonical query string: names and values RFC 3986 encoded, sorted by encoded name. */
export function canonicalQueryString(query: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(query)
    .map(([k, v]) => [encodeQueryComponent(k), encodeQueryComponent(v ?? "")] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** Decodes a raw query string into name → value (the last value of a repeated name wins). */
export function parseRawQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of rawQuery.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    out[safeDecode(name)] = eq < 0 ? "" : safeDecode(pair.slice(eq + 1));
  }
  return out;
}

export type HeaderInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * CanonicalHeaders and SignedHeaders: `host`, `content-type` and every `x-acs-*` header, names
 * lower-cased, values trimmed; names that repeat (in any case) have their values sorted and joined
 * with `,`, as openapi-core does.
 */
export function canonicalHeaders(headers: HeaderInput): { canonical: string; signed: string[] } {
  const merged = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !isSignable(lower)) continue;
    const values = (typeof value === "string" ? [value] : value).map((v) => v.trim());
    merged.set(lower, [...(merged.get(lower) ?? []), ...values]);
  }
  const signed = [...merged.keys()].sort();
  const canonical = signed.map((n) => `${n}:${(merged.get(n) ?? []).sort().join(",")}\n`).join("");
  return { canonical, signed };
}

function isSignable(lowerName: string): boolean {
  return lowerName === "host" || lowerName === "content-type" || lowerName.startsWith("x-acs-");
}

export interface Acs3SignInput {
  /** Taken verbatim (the TS vector signs the literal `undefined`). */
  method: string;
  /** Already canonical (see `canonicalUri`); `/` for RPC style. */
  canonicalUri: string;
  /** Decoded names and values; encoded here. */
  query: Readonly<Record<string, string | undefined>>;
  headers: HeaderInput;
  /** Lowercase hex SHA-256 of the body. */
  payloadHash: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface Acs3Signature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
  authorization: string;
}

export function buildCanonicalRequest(
  input: Omit<Acs3SignInput, "accessKeyId" | "accessKeySecret">,
) {
  const { canonical, signed } = canonicalHeaders(input.headers);
  const signedHeaders = signed.join(";");
  const canonicalRequest = [
    input.method,
    input.canonicalUri,
    canonicalQueryString(input.query),
    canonical,
    signedHeaders,
    input.payloadHash,
  ].join("\n");
  return { canonicalRequest, signedHeaders };
}

export function signAcs3(input: Acs3SignInput): Acs3Signature {
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest(input);
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacHex(input.accessKeySecret, stringToSign);
  const authorization = `${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, signedHeaders, authorization };
}

/** The provider-neutral signer: ACS3 over the wire path, adding a lower-case `authorization`. */
export const signRequest: RequestSigner = (request) => {
  const { authorization } = signAcs3({
    method: request.method,
    canonicalUri: canonicalUri(request.path),
    query: request.query,
    headers: request.headers,
    payloadHash: sha256Hex(request.body ?? ""),
    accessKeyId: request.accessKeyId,
    accessKeySecret: request.accessKeySecret,
  });
  return { authorization };
};

function hmacHex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data, "utf8").digest("hex");
}

export interface ParsedAuthorization {
  accessKeyId: string;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`; undefined if malformed. */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const match =
    /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]*),Signature=([0-9a-f]{64})$/.exec(
      value?.trim() ?? "",
    );
  if (!match) return undefined;
  const [, accessKeyId = "", signed = "", signature = ""] = match;
  return { accessKeyId, signedHeaders: signed === "" ? [] : signed.split(";"), signature };
}

/** A request as it arrived: nothing here comes from the client's own bookkeeping. */
export interface WireRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** Query as sent, still percent-encoded, without `?`. */
  rawQuery: string;
  /** Headers as received; arrays for repeated headers. */
  headers: HeaderInput;
  body: string;
}

export interface Acs3Verification {
  ok: boolean;
  canonicalRequest: string;
  stringToSign: string;
}

/**
 * Recomputes the signature from the wire: method, decoded-and-re-encoded path and query, only the
 * headers the client listed in SignedHeaders, and the hash of the body that actually arrived.
 */
export function verifyAcs3(
  wire: WireRequest,
  auth: ParsedAuthorization,
  secret: string,
): Acs3Verification {
  const listed = new Set(auth.signedHeaders);
  const headers: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(wire.headers)) {
    if (listed.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  const expected = signAcs3({
    method: wire.method.toUpperCase(),
    canonicalUri: canonicalUriFromWire(wire.rawPath),
    query: parseRawQuery(wire.rawQuery),
    headers,
    payloadHash: sha256Hex(wire.body),
    accessKeyId: auth.accessKeyId,
    accessKeySecret: secret,
  });
  const ok =
    expected.signedHeaders === auth.signedHeaders.join(";") &&
    timingSafeEqual(Buffer.from(expected.signature), Buffer.from(auth.signature));
  return { ok, canonicalRequest: expected.canonicalRequest, stringToSign: expected.stringToSign };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
