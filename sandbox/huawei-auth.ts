// SDK-HMAC-SHA256 verification as the API gateway does it: recomputed from what arrived on the
// wire (method, raw path, raw query, the headers SignedHeaders names, the body bytes). Written
// apart from shared/providers/huawei/sign.ts on purpose, so a bug there is not mirrored here.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export interface SandboxCredential {
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface WireRequest {
  method: string;
  /** Raw request target, e.g. `/v2/p/instances?limit=50&offset=0`. */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type AuthOutcome =
  | { ok: true; credential: SandboxCredential }
  | { ok: false; status: number; code: string; message: string };

const AUTH =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;
const SKEW_MS = 15 * 60 * 1000;

const refuse = (message: string): AuthOutcome => ({
  ok: false,
  status: 401,
  code: "APIGW.0301",
  message: `Incorrect IAM authentication information: ${message}`,
});

export function verifyWireRequest(
  req: WireRequest,
  credentials: readonly SandboxCredential[],
  nowMs: number,
): AuthOutcome {
  const match = AUTH.exec(header(req.headers, "authorization") ?? "");
  if (!match) return refuse("Authorization header missing or not SDK-HMAC-SHA256");
  const [, ak, signedList, signature] = match as unknown as [string, string, string, string];
  const credential = credentials.find((c) => c.ak === ak);
  if (!credential) return refuse(`ak ${ak} not exist`);
  const signed = signedList.split(";");
  if (!signed.includes("x-sdk-date")) return refuse("x-sdk-date is not a signed header");
  const date = parseSdkDate(header(req.headers, "x-sdk-date") ?? "");
  if (date === null) return refuse("x-sdk-date is not in YYYYMMDDTHHMMSSZ format");
  if (Math.abs(nowMs - date) > SKEW_MS)
    return refuse("signature expired: x-sdk-date is more than 15 minutes off");
  if (credential.securityToken !== undefined) {
    const token = header(req.headers, "x-security-token");
    if (!signed.includes("x-security-token") || token !== credential.securityToken) {
      return refuse("security token missing, unsigned or invalid for a temporary access key");
    }
  }
  const canonical = safely(() => canonicalRequest(req, signed));
  if (canonical === undefined) return refuse("malformed percent-encoding in the request URL");
  if (canonical === null) return refuse("a signed header is missing from the request");
  const stringToSign = `SDK-HMAC-SHA256\n${header(req.headers, "x-sdk-date")}\n${sha256(canonical)}`;
  const expected = createHmac("sha256", credential.sk).update(stringToSign).digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // The real gateway echoes its canonical request with `|` for newlines, as a debugging aid.
    return refuse(`verify aksk signature fail, CanonicalRequest: ${canonical.replace(/\n/g, "|")}`);
  }
  return { ok: true, credential };
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

function canonicalRequest(req: WireRequest, signed: readonly string[]): string | null {
  const [rawPath = "/", rawQuery = ""] = req.rawUrl.split("?", 2);
  const headerLines: string[] = [];
  for (const name of signed) {
    const value = header(req.headers, name);
    if (value === undefined) return null;
    headerLines.push(`${name}:${value.trim()}\n`);
  }
  const bodyHash = header(req.headers, "x-sdk-content-sha256") ?? sha256(req.body);
  return [
    req.method.toUpperCase(),
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    headerLines.join(""),
    signed.join(";"),
    bodyHash,
  ].join("\n");
}

/** Each raw segment decoded, then re-encoded strictly; the trailing-slash rule applies. */
function canonicalPath(rawPath: string): string {
  const path = rawPath
    .split("/")
    .map((s) => strictEncode(decodeURIComponent(s)))
    .join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

function canonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      const [k, v] = eq < 0 ? [p, ""] : [p.slice(0, eq), p.slice(eq + 1)];
      return [formDecode(k), formDecode(v)] as const;
    });
  const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  pairs.sort(([ka, va], [kb, vb]) => byteOrder(ka, kb) || byteOrder(va, vb));
  return pairs.map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`).join("&");
}

/** RFC 3986 unreserved characters stay; `encodeURIComponent` also leaves `!'()*`, so those are done by hand. */
function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, " "));
}

function parseSdkDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
