// Compare-and-swap on an S3-compatible store, for `latest.json`.
//
// Which guarantee holds where:
// - AWS S3 honours `If-Match: <ETag>` / `If-None-Match: *` on PutObject (conditional writes, 2024):
//   the write is refused (412 PreconditionFailed, or 409 ConditionalRequestConflict for a concurrent
//   one) when someone else changed the object first. A true compare-and-swap.
// - A store that answers 501 NotImplemented to the conditional header (some OSS/OBS/MinIO versions)
//   gets an emulation: re-check the ETag, write unconditionally, read back. No longer atomic.
// - A store that silently IGNORES the header (s3rver, which the tests run against, does: its PUT
//   handler never looks at If-Match) looks like AWS to us and is covered only by the read-back.
// The read-back after every write detects a writer that landed after us (we report `false`, and
// `storeRun` re-reads and retries if we are still the newer run). It cannot detect a writer whose
// check came before our write and whose write lands after our read-back: on stores without real
// conditional writes an older run can still, in that narrow window, replace a newer pointer.
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from "@aws-sdk/client-s3";
import { type Logger, silentLogger } from "../log/logger.ts";
import type { Versioned } from "./store.ts";

export interface SwapTarget {
  client: S3Client;
  /** The put as an unconditional write would send it (bucket, key, body, type, checksums). */
  input: PutObjectCommandInput & { Body: string };
  read: () => Promise<Versioned | null>;
  /** The attempt's deadline. */
  signal?: AbortSignal;
  logger?: Logger;
}

/** Per store: whether the conditional headers are worth sending (false after a 501). */
export interface SwapState {
  conditional: boolean;
}

/** One compare-and-swap attempt; errors other than "lost" and "unsupported" propagate for retry. */
export async function swapObject(
  target: SwapTarget,
  expected: string | null,
  state: SwapState,
): Promise<boolean> {
  let outcome: "written" | "lost" | "unsupported" = "unsupported";
  if (state.conditional) {
    outcome = await conditionalPut(target, expected);
    if (outcome === "lost") return false;
    if (outcome === "unsupported") {
      state.conditional = false;
      (target.logger ?? silentLogger).warn(
        "store does not support conditional writes; latest.json is guarded by read-back only",
        { key: target.input.Key },
      );
    }
  }
  if (outcome === "unsupported") {
    const current = await target.read();
    if ((current?.version ?? null) !== expected) return false;
    await target.client.send(new PutObjectCommand(target.input), { abortSignal: target.signal });
  }
  const back = await target.read();
  return back?.body === target.input.Body;
}

async function conditionalPut(
  target: SwapTarget,
  expected: string | null,
): Promise<"written" | "lost" | "unsupported"> {
  const condition = expected === null ? { IfNoneMatch: "*" } : { IfMatch: expected };
  try {
    await target.client.send(new PutObjectCommand({ ...target.input, ...condition }), {
      abortSignal: target.signal,
    });
    return "written";
  } catch (error) {
    const status = statusOf(error);
    if (status === 412 || status === 409) return "lost";
    if (status === 501 || nameOf(error) === "NotImplemented") return "unsupported";
    throw error;
  }
}

export function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "Error";
}
