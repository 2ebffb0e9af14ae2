// `s3://bucket/prefix` parsing and object naming, kept apart from the S3 client so that opening a
// store (and answering `url()`) costs nothing until the first request loads the client.
import { ConfigError } from "../errors.ts";
import { checkKey, isSafeKey } from "./store-io.ts";

export interface S3Location {
  bucket: string;
  /** Without leading or trailing slash; may be empty. */
  prefix: string;
}

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

/** The store's human-readable root and the full key of each object under it. */
export function s3Naming({ bucket, prefix }: S3Location) {
  return {
    location: prefix === "" ? `s3://${bucket}` : `s3://${bucket}/${prefix}`,
    objectKey: (key: string) => (prefix === "" ? checkKey(key) : `${prefix}/${checkKey(key)}`),
  };
}
