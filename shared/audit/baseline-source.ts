// `RMQ_DRIFT_BASELINE` / `--baseline`: a local path or `s3://bucket/key`, read through the same
// S3 client settings, deadline and retries as the report store.
import { type LoadedBaseline, loadBaselineFile, parseBaseline } from "../baseline/load.ts";
import { InputError } from "../errors.ts";
import { openReportStore, type S3StoreOptions } from "../sinks/store.ts";

export async function loadBaselineSource(
  source: string,
  s3: S3StoreOptions = {},
  timeoutMs?: number,
): Promise<LoadedBaseline> {
  if (!source.startsWith("s3://")) return loadBaselineFile(source, { timeoutMs });
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(source);
  if (!m) throw new InputError(`baseline URL must be s3://bucket/key, got ${source}`);
  const [, bucket, key] = m as unknown as [string, string, string];
  const text = await openReportStore(`s3://${bucket}`, { s3, timeoutMs }).get(key);
  if (text === null) throw new InputError(`baseline ${source} does not exist`);
  return parseBaseline(text, source);
}
