// An S3-compatible bucket as a report store: AWS S3, and through endpoint/region/path-style options
// Alibaba OSS, Huawei OBS, MinIO. The SDK's own retries are off so that one policy (ours) governs
// every store, and so a failure surfaces as our `StoreError` with the key and location in it.
import { createHash } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ConfigError } from "../errors.ts";
import type { RetryVerdict } from "../net/retry.ts";
import type { ReportStore, StoreOptions } from "./store.ts";
import { checkKey, isSafeKey, retryStoreOp } from "./store-io.ts";

interface S3Location {
  bucket: string;
  /** Without leading or trailing slash; may be empty. */
  prefix: string;
}

// Error names the SDK gives to throttling and transient server-side conditions.
const RETRYABLE_NAMES = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "RequestTimeout",
  "RequestTimeTooSkewed",
  "InternalError",
  "ServiceUnavailable",
  "TimeoutError",
]);

export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([^/?#]+)\/?([^?#]*)$/.exec(url);
  if (!m) throw new ConfigError(`not an s3://bucket/prefix URL: ${JSON.stringify(url)}`);
  const [, bucket = "", rawPrefix = ""] = m;
  const prefix = rawPrefix.replace(/^\/+|\/+$/g, "");
  if (bucket === "" || (prefix !== "" && !isSafeKey(prefix))) {
    throw new ConfigError(`not an s3://bucket/prefix URL: ${JSON.stringify(url)}`);
  }
  return { bucket, prefix };
}

export function openS3Store(url: string, options: StoreOptions = {}): ReportStore {
  const { bucket, prefix } = parseS3Url(url);
  const s3 = options.s3 ?? {};
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region ?? "us-east-1",
    forcePathStyle: s3.forcePathStyle ?? false,
    credentials: s3.credentials,
    maxAttempts: 1,
    // OSS and OBS reject or mis-handle the SDK's default streaming CRC trailers; we send our own
    // SHA-256 header instead, which every S3-compatible store accepts or ignores.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { requestTimeout: s3.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
  });
  const location = prefix === "" ? `s3://${bucket}` : `s3://${bucket}/${prefix}`;
  const objectKey = (key: string) => (prefix === "" ? checkKey(key) : `${prefix}/${checkKey(key)}`);
  const op = (kind: "write" | "read", key: string) => ({
    location,
    op: kind,
    key,
    classify,
    describe,
  });
  return {
    location,
    put: (key, body, contentType) =>
      retryStoreOp(op("write", key), options, async () => {
        const digest = createHash("sha256").update(body, "utf8").digest();
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: objectKey(key),
            Body: body,
            ContentType: contentType,
            ChecksumSHA256: digest.toString("base64"),
            // Stores that ignore the checksum header still keep this, so readers can verify.
            Metadata: { sha256: digest.toString("hex") },
          }),
        );
      }),
    get: (key) =>
      retryStoreOp(op("read", key), options, () => getText(client, bucket, objectKey(key))),
    url: (key) => `s3://${bucket}/${objectKey(key)}`,
  };
}

async function getText(client: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await res.Body?.transformToString("utf-8")) ?? "";
  } catch (error) {
    if (statusOf(error) === 404 && nameOf(error) !== "NoSuchBucket") return null;
    throw error;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "Error";
}

// No HTTP status means the request never got an answer (refused, reset, timed out): worth retrying.
function classify(error: unknown): RetryVerdict {
  const status = statusOf(error);
  if (status === undefined) return { retry: true };
  return { retry: status >= 500 || status === 429 || RETRYABLE_NAMES.has(nameOf(error)) };
}

// The SDK's messages name the bucket and key at most; credentials live in the request signer and
// never reach an error.
function describe(error: unknown): string {
  const status = statusOf(error);
  const code = (error as { code?: string } | null)?.code;
  const name = code && nameOf(error) === "Error" ? code : nameOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return `${name}${status === undefined ? "" : ` (HTTP ${status})`}: ${message}`;
}
