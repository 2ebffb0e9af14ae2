// SDK-HMAC-SHA256, Huawei Cloud's AK/SK request signing (official signing guide, api-sign-algorithm-002..005).
// Each step is exported so tests can compare the canonical request and string to sign byte for byte.
import { createHash, createHmac } from "node:crypto";
import type { RequestSigner } from "../types.ts";

export const SDK_HMAC_ALGORITHM = "SDK-HMAC-SHA256";
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export type QueryValue = string | number | boolean;
export type QueryParams = Readonly<Record<string, QueryValue | readonly QueryValue[]>>;

export interface SdkHmacInput {
  method: string;
  /** Decoded path as the API defines it; each segment is percent-encoded here (and on the wire). */
  path: string;
  query?: QueryParams;
  /** Every header to sign, including `X-Sdk-Date` and `host`; all of them are signed. */
  headers: Readonly<Record<string, string>>;
  /** The exact bytes that will be sent (a JSON encoder's trailing newline included). */
  body?: string | Uint8Array;
  ak: string;
  sk: string;
}

export interface SdkHmacSignature {
  canonicalRequest: string;
  stringToSign: string;
  /** `h1;h2;…`, lower-case and sorted. */
  signedHeaders: string;
  signature: string;
  /** The `Authorization` header value. */
  authorization: string;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes every UTF-8 byte outside `A–Z a–z 0–9 - _ . ~`, with upper-case hex. */
export function encodeRfc3986(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(ch)
        ? ch
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Encodes each segment and ends with `/`: the slash exists only in the canonical form, not on the wire. */
export function canonicalUri(path: string): string {
  const encoded = path.split("/").map(encodeRfc3986).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Sorted by name (byte order); a repeated key is emitted once per value, values sorted. */
export function canonicalQueryString(query: QueryParams = {}): string {
  const pairs: string[] = [];
  for (const name of Object.keys(query).sort(compareBytes)) {
    const raw = query[name];
    const values = (Array.isArray(raw) ? [...raw] : [raw]).map(String).sort(compareBytes);
    for (const value of values) pairs.push(`${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
  }
  return pairs.join("&");
}

export function canonicalHeaderBlock(headers: Readonly<Record<string, string>>) {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) byName.set(name.toLowerCase(), value.trim());
  const names = [...byName.keys()].sort(compareBytes);
  return {
    block: names.map((n) => `${n}:${byName.get(n)}\n`).join(""),
    signedHeaders: names.join(";"),
  };
}

export function hashPayload(body: string | Uint8Array | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return sha256Hex(body);
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the `X-Sdk-Date` format. */
export function formatSdkDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

export function signSdkHmac(input: SdkHmacInput): SdkHmacSignature {
  const date = headerValue(input.headers, "x-sdk-date");
  if (date === undefined) throw new TypeError("SDK-HMAC-SHA256 needs an X-Sdk-Date header");
  const { block, signedHeaders } = canonicalHeaderBlock(input.headers);
  // An explicit content hash header replaces the body hash (the SDKs use UNSIGNED-PAYLOAD this way).
  const payloadHash = headerValue(input.headers, "x-sdk-content-sha256") ?? hashPayload(input.body);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQueryString(input.query),
    block,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const stringToSign = [SDK_HMAC_ALGORITHM, date, sha256Hex(canonicalRequest)].join("\n");
  const signature = createHmac("sha256", Buffer.from(input.sk, "utf8"))
    .update(stringToSign)
    .digest("hex");
  const authorization = `${SDK_HMAC_ALGORITHM} Access=${input.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signedHeaders, signature, authorization };
}

/**
 * The provider-neutral signer. SDK-HMAC-SHA256 encodes the path itself, so the wire path is decoded
 * segment by segment first; re-encoding a canonical wire path gives it back unchanged.
 */
export const signRequest: RequestSigner = (request) => {
  const { authorization } = signSdkHmac({
    method: request.method,
    path: request.path.split("/").map(decodeURIComponent).join("/"),
    query: request.query,
    headers: request.headers,
    body: request.body,
    ak: request.accessKeyId,
    sk: request.accessKeySecret,
  });
  return { Authorization: authorization };
};

function headerValue(headers: Readonly<Record<string, string>>, lowerName: string) {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === lowerName);
  return entry?.[1].trim();
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
