// An S3-compatible bucket as a report store: AWS S3, and through endpoint/region/path-style options
// Alibaba OSS, Huawei OBS, MinIO. The SDK's own retries are off so that one policy (ours) governs
// every store, and so a failure surfaces as our `StoreError` with the key and location in it.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { RetryVerdict } from "../net/retry.ts";
import { nameOf, statusOf, swapObject } from "./s3-swap.ts";
import { parseS3Url, s3Naming } from "./s3-url.ts";
import type { ReportStore, S3StoreOptions, StoreOptions, Versioned } from "./store.ts";
import { DEFAULT_STORE_TIMEOUT_MS, retryStoreOp } from "./store-io.ts";

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

export function openS3Store(url: string, options: StoreOptions = {}): ReportStore {
  const parsed = parseS3Url(url);
  const { bucket, prefix } = parsed;
  const { location, objectKey } = s3Naming(parsed);
  const client = createClient(options.s3 ?? {}, options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS);
  const op = (kind: "write" | "read" | "list" | "delete", key: string) => ({
    location,
    op: kind,
    key,
    classify,
    describe,
  });
  const input = (key: string, body: string, type: string) =>
    putInputOf(bucket, objectKey(key), body, type);
  const read = (key: string, signal: AbortSignal) =>
    getVersioned(client, bucket, objectKey(key), signal);
  const swapState = { conditional: true };
  return {
    location,
    put: (key, body, type) =>
      retryStoreOp(op("write", key), options, async (signal) => {
        await client.send(new PutObjectCommand(input(key, body, type)), { abortSignal: signal });
      }),
    get: (key) =>
      retryStoreOp(
        op("read", key),
        options,
        async (signal) => (await read(key, signal))?.body ?? null,
      ),
    url: (key) => `s3://${bucket}/${objectKey(key)}`,
    list: (keyPrefix) =>
      retryStoreOp(op("list", keyPrefix), options, () =>
        listKeys(client, bucket, prefix, objectKey(keyPrefix)),
      ),
    delete: (key) =>
      retryStoreOp(op("delete", key), options, async (signal) => {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }), {
          abortSignal: signal,
        });
      }),
    // Signing is local (no request), so it is not retried; the URL carries a signature, never keys.
    presign: (key, expiresIn) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }), {
        expiresIn,
      }),
    getWithVersion: (key) => retryStoreOp(op("read", key), options, (signal) => read(key, signal)),
    putIfVersion: (key, body, type, expected) =>
      retryStoreOp(op("write", key), options, (signal) => {
        const target = {
          client,
          input: input(key, body, type),
          read: () => read(key, signal),
          signal,
        };
        return swapObject({ ...target, logger: options.logger }, expected, swapState);
      }),
  };
}

function createClient(s3: S3StoreOptions, timeoutMs: number): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region ?? "us-east-1",
    forcePathStyle: s3.forcePathStyle ?? false,
    credentials: s3.credentials,
    maxAttempts: 1,
    // OSS and OBS reject or mis-handle the SDK's default streaming CRC trailers; we send our own
    // SHA-256 header instead, which every S3-compatible store accepts or ignores.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // `requestTimeout` alone only logs a warning (smithy's NodeHttpHandler throws only when told to),
    // and it stops counting once headers arrive; the deadline in `retryStoreOp` covers the body too.
    requestHandler: {
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(5_000, timeoutMs),
    },
  });
}

function putInputOf(bucket: string, key: string, body: string, contentType: string) {
  const digest = createHash("sha256").update(body, "utf8").digest();
  return {
    Bucket: bucket,
    Key: key,
    Body: body,
    ContentType: contentType,
    ChecksumSHA256: digest.toString("base64"),
    // Stores that ignore the checksum header still keep this, so readers can verify.
    Metadata: { sha256: digest.toString("hex") },
  } satisfies PutObjectCommandInput;
}

/** Every key under `full` (one `ListObjectsV2` page at a time), relative to the store's prefix. */
async function listKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  full: string,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${full}/`, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key) keys.push(prefix === "" ? o.Key : o.Key.slice(prefix.length + 1));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

// Every S3-compatible store we target sends an ETag on GET; one that did not would get the empty
// version, and its swaps would rest on the read-back alone.
async function getVersioned(
  client: S3Client,
  bucket: string,
  key: string,
  signal: AbortSignal,
): Promise<Versioned | null> {
  try {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key });
    const res = await client.send(command, { abortSignal: signal });
    const body = res.Body as
      | (Readable & { transformToString(e: string): Promise<string> })
      | undefined;
    // A body that stops arriving would hold its socket after the deadline gave up on it.
    const stop = () => body?.destroy();
    signal.addEventListener("abort", stop, { once: true });
    try {
      return { body: (await body?.transformToString("utf-8")) ?? "", version: res.ETag ?? "" };
    } finally {
      signal.removeEventListener("abort", stop);
    }
  } catch (error) {
    if (statusOf(error) === 404 && nameOf(error) !== "NoSuchBucket") return null;
    throw error;
  }
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
