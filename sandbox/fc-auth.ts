// Signature checks of the Function Compute stand-in. FC 2.0 (`FC <id>:<signature>`) is recomputed
// from the wire the way @alicloud/fc2 composes it; FC 3.0 goes through the same ACS3 gateway checks as
// the RocketMQ stand-in (date, key, body hash, signature, token, nonce), answered in FC's codes.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AlibabaSeed } from "./alibaba.ts";
import { type AuthState, checkAuth } from "./alibaba-auth.ts";

export interface FcKey {
  id: string;
  secret: string;
  /** STS keys: the token that must come with them. */
  securityToken?: string;
}

export interface FcAuthFailure {
  status: number;
  code: string;
  message: string;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNATURE_NOT_MATCH =
  "The request signature we calculated does not match the signature you provided. Check your access key and signing method";

/** FC 2.0: `Authorization: FC <id>:<base64 HMAC-SHA256>` over method, md5, type, date, x-fc-*, path. */
export function checkFc2Auth(
  req: IncomingMessage,
  rawPath: string,
  body: Buffer,
  keys: readonly FcKey[],
  now: number,
): FcAuthFailure | undefined {
  const one = (name: string) => req.headers[name] as string | undefined;
  const match = /^FC ([^:\s]+):([A-Za-z0-9+/=]+)$/.exec(one("authorization") ?? "");
  if (!match) return fail(403, "SignatureNotMatch", SIGNATURE_NOT_MATCH);
  const [, keyId = "", signature = ""] = match;
  const key = keys.find((k) => k.id === keyId);
  if (!key) return fail(403, "InvalidAccessKeyID", `invalid access key ID '${keyId}'`);
  const date = one("date");
  if (!date || Number.isNaN(Date.parse(date))) {
    return fail(400, "MissingRequiredHeader", "required HTTP header Date was not specified");
  }
  // FC publishes the 15-minute window, not the code of its refusal: this one is the stand-in's.
  if (Math.abs(Date.parse(date) - now) > MAX_SKEW_MS) {
    return fail(403, "RequestTimeTooSkewed", "the Date header is more than 15 minutes off");
  }
  const md5 = one("content-md5");
  if (body.length > 0 && md5 !== fc2ContentMd5(body)) {
    return fail(400, "InvalidArgument", "content-md5 does not match the request body");
  }
  const expected = fc2Signature(key.secret, {
    method: req.method ?? "GET",
    contentMd5: md5 ?? "",
    contentType: one("content-type") ?? "",
    date,
    headers: req.headers,
    path: safeDecode(rawPath),
  });
  if (!sameText(expected, signature)) return fail(403, "SignatureNotMatch", SIGNATURE_NOT_MATCH);
  const token = one("x-fc-security-token");
  if (key.securityToken !== token) {
    return fail(
      403,
      "InvalidSecurityToken",
      "the security token does not belong to this access key",
    );
  }
  return undefined;
}

/** The FC 2.0 `content-md5` quirk: base64 of the *hex* MD5 string, not of the raw digest. */
export function fc2ContentMd5(body: Buffer): string {
  return Buffer.from(createHash("md5").update(body).digest("hex"), "utf8").toString("base64");
}

export interface Fc2StringToSignInput {
  method: string;
  contentMd5: string;
  contentType: string;
  date: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Decoded path, starting with `/2016-08-15/`; no query (only `/proxy/` paths sign one). */
  path: string;
}

export function fc2StringToSign(input: Fc2StringToSignInput): string {
  const fcHeaders = Object.entries(input.headers)
    .map(([k, v]) => [k.toLowerCase().trim(), Array.isArray(v) ? v.join(",") : v] as const)
    .filter(([k, v]) => k.startsWith("x-fc-") && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}:${v}\n`)
    .join("");
  const { method, contentMd5, contentType, date, path } = input;
  return `${method}\n${contentMd5}\n${contentType}\n${date}\n${fcHeaders}${path}`;
}

export function fc2Signature(secret: string, input: Fc2StringToSignInput): string {
  return createHmac("sha256", secret).update(fc2StringToSign(input), "utf8").digest("base64");
}

/** FC 3.0: the ACS3 checks, with FC's own codes where FC documents one (SignatureNotMatch, key). */
export function checkFc3Auth(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  body: Buffer,
  state: { keys: readonly FcKey[]; nonces: Set<string>; now: () => number },
): FcAuthFailure | undefined {
  const seed = { accessKeys: state.keys.map((k) => ({ ...k })), instances: [] } as AlibabaSeed;
  const auth: AuthState = { seed, nonces: state.nonces, now: state.now };
  const failure = checkAuth(req, rawPath, rawQuery, body.toString("utf8"), auth);
  if (!failure) return undefined;
  if (failure.code === "SignatureDoesNotMatch" || failure.code === "IncompleteSignature") {
    return fail(403, "SignatureNotMatch", `${SIGNATURE_NOT_MATCH} (${failure.message})`);
  }
  if (failure.code === "InvalidAccessKeyId.NotFound") {
    const id = /Credential=([^,]+)/.exec(String(req.headers.authorization))?.[1] ?? "";
    return fail(403, "InvalidAccessKeyID", `invalid access key ID '${id}'`);
  }
  // Date, token and nonce refusals keep the POP gateway's codes: FC documents none of its own.
  return failure;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function fail(status: number, code: string, message: string): FcAuthFailure {
  return { status, code, message };
}
