// An S3 store whose client is loaded on its first request. The AWS SDK costs about 90 ms to import,
// which every CLI command and every cold start would otherwise pay even when the run writes to a
// folder (or only prints --help). The URL is still checked when the store is opened.
import { parseS3Url, s3Naming } from "./s3-url.ts";
import type { ReportStore, StoreOptions } from "./store.ts";

export function openLazyS3Store(url: string, options: StoreOptions = {}): ReportStore {
  const parsed = parseS3Url(url);
  const { location, objectKey } = s3Naming(parsed);
  let loaded: Promise<ReportStore> | undefined;
  const store = () => {
    loaded ??= import("./s3-store.ts").then((m) => m.openS3Store(url, options));
    return loaded;
  };
  return {
    location,
    url: (key) => `s3://${parsed.bucket}/${objectKey(key)}`,
    put: async (key, body, type) => (await store()).put(key, body, type),
    get: async (key) => (await store()).get(key),
    getWithVersion: async (key) => (await store()).getWithVersion(key),
    putIfVersion: async (key, body, type, expected) =>
      (await store()).putIfVersion(key, body, type, expected),
    list: async (prefix) => (await store()).list(prefix),
    delete: async (key) => (await store()).delete(key),
    presign: async (key, expiresInSeconds) => {
      const opened = await store();
      if (!opened.presign) throw new Error(`${location} cannot presign`);
      return opened.presign(key, expiresInSeconds);
    },
  };
}
