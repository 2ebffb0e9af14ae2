// An independent AWS Signature V4 check for requests the S3 client sends (s3rver accepts any SigV4
// signature from a known key id). Written from the published algorithm, not from the SDK, so a test
// can prove that a request was signed with a given secret and that the token header was signed too.
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data).digest();
const sha256Hex = (data: string) => createHash("sha256").update(data).digest("hex");

/** RFC 3986 encoding, as SigV4 requires for query names and values. */
const encode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export interface SigV4Parts {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
  scope: string;
}

export function parseAuthorization(header: string | undefined): SigV4Parts | null {
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
      header ?? "",
    );
  if (!m) return null;
  const [, accessKeyId = "", scope = "", signed = "", signature = ""] = m;
  return { accessKeyId, scope, signedHeaders: signed.split(";"), signature };
}

/** True when `signature` is what `secret` gives for this method, URL and headers. */
export function verifySigV4(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  secret: string,
): boolean {
  const parts = parseAuthorization(headers.authorization);
  if (!parts) return false;
  const { pathname, searchParams } = new URL(url, "http://x");
  const query = [...searchParams]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join("&");
  const canonicalHeaders = parts.signedHeaders
    .map(
      (h) =>
        `${h}:${String(headers[h] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonical = [
    method,
    pathname,
    query,
    canonicalHeaders,
    parts.signedHeaders.join(";"),
    String(headers["x-amz-content-sha256"]),
  ].join("\n");
  const date = String(headers["x-amz-date"]);
  const toSign = ["AWS4-HMAC-SHA256", date, parts.scope, sha256Hex(canonical)].join("\n");
  const [day = "", region = "", service = "", terminator = ""] = parts.scope.split("/");
  let key = hmac(`AWS4${secret}`, day);
  for (const part of [region, service, terminator]) key = hmac(key, part);
  return createHmac("sha256", key).update(toSign).digest("hex") === parts.signature;
}
