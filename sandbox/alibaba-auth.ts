// Gateway-side checks of the Alibaba stand-in, in the order a POP gateway applies them: a parsable
// ACS3 Authorization, a fresh x-acs-date, a known AccessKey, the body hash, the signature
// (recomputed from the wire), the STS token, and a nonce never seen before.
import type { IncomingMessage } from "node:http";
import {
  type HeaderInput,
  parseAuthorization,
  sha256Hex,
  verifyAcs3,
} from "../shared/providers/alibaba/sign.ts";
import type { AlibabaSeed } from "./alibaba.ts";

export interface AuthFailure {
  status: number;
  code: string;
  message: string;
}

/** Headers a V3 request must sign (V3DOC: every common header but Authorization). */
const REQUIRED_SIGNED = [
  "host",
  "x-acs-action",
  "x-acs-content-sha256",
  "x-acs-date",
  "x-acs-signature-nonce",
  "x-acs-version",
];
const MAX_SKEW_MS = 15 * 60 * 1000;

export interface AuthState {
  seed: AlibabaSeed;
  nonces: Set<string>;
  now: () => number;
}

export function checkAuth(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  body: string,
  state: AuthState,
): AuthFailure | undefined {
  const headers = req.headersDistinct as HeaderInput;
  const one = (name: string) => req.headers[name] as string | undefined;
  const auth = parseAuthorization(one("authorization"));
  if (!auth)
    return fail(
      400,
      "IncompleteSignature",
      "The request signature does not conform to Aliyun standards.",
    );
  const unsigned = Object.keys(req.headers).filter(
    (h) => h.startsWith("x-acs-") && !auth.signedHeaders.includes(h),
  );
  const missing = REQUIRED_SIGNED.filter((h) => !auth.signedHeaders.includes(h));
  if (unsigned.length > 0 || missing.length > 0) {
    return fail(
      400,
      "IncompleteSignature",
      `Headers must be signed: ${[...unsigned, ...missing].join(", ")}.`,
    );
  }
  const dateProblem = checkDate(one("x-acs-date"), state.now());
  if (dateProblem) return dateProblem;
  const key = state.seed.accessKeys.find((k) => k.id === auth.accessKeyId);
  if (!key) return fail(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  if (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= state.now()) {
    return fail(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
  }
  if (one("x-acs-content-sha256") !== sha256Hex(body)) {
    return fail(
      400,
      "SignatureDoesNotMatch",
      "The x-acs-content-sha256 header does not match the request body.",
    );
  }
  const wire = { method: req.method ?? "GET", rawPath, rawQuery, headers, body };
  const verdict = verifyAcs3(wire, auth, key.secret);
  if (!verdict.ok) {
    return fail(
      400,
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${verdict.stringToSign}`,
    );
  }
  return (
    checkToken(one, key, auth.accessKeyId) ?? checkNonce(one("x-acs-signature-nonce"), state.nonces)
  );
}

function checkDate(value: string | undefined, now: number): AuthFailure | undefined {
  if (
    !value ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    return fail(
      400,
      "InvalidTimeStamp.Format",
      "Specified time stamp or date value is not well formatted.",
    );
  }
  if (Math.abs(Date.parse(value) - now) > MAX_SKEW_MS) {
    return fail(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  return undefined;
}

function checkToken(
  one: (name: string) => string | undefined,
  key: AlibabaSeed["accessKeys"][number],
  accessKeyId: string,
): AuthFailure | undefined {
  const token = one("x-acs-security-token");
  const idHeader = one("x-acs-accesskey-id");
  if (key.securityToken === undefined) {
    if (token !== undefined)
      return fail(
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
        "The security token does not belong to this access key.",
      );
    return undefined;
  }
  if (token === undefined)
    return fail(400, "MissingSecurityToken", "STS credentials require x-acs-security-token.");
  if (token !== key.securityToken || (idHeader !== undefined && idHeader !== accessKeyId)) {
    return fail(
      400,
      "InvalidSecurityToken.MismatchWithAccessKey",
      "The security token does not belong to this access key.",
    );
  }
  return undefined;
}

function checkNonce(nonce: string | undefined, seen: Set<string>): AuthFailure | undefined {
  if (!nonce)
    return fail(400, "MissingSignatureNonce", "Parameter x-acs-signature-nonce is mandatory.");
  if (seen.has(nonce))
    return fail(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  seen.add(nonce);
  return undefined;
}

function fail(status: number, code: string, message: string): AuthFailure {
  return { status, code, message };
}
