// The worker payload on the wire: `{ "shard": { "runId", "n", "planKey" } }`, a few hundred bytes
// (FC async: 128 KB, Lambda Event: 1 MB). Validated before a worker reads anything.
import { z } from "zod";
import { InputError } from "../errors.ts";
import type { WorkerPayload } from "./types.ts";

const RUN_ID = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$/;

export const WorkerPayloadSchema = z.strictObject({
  shard: z.strictObject({
    runId: z.string().regex(RUN_ID, "expected a run id such as 20261125T030000Z-3f9a2c"),
    n: z.number().int().min(0).max(100_000),
    planKey: z
      .string()
      .min(1)
      .max(1024)
      .regex(/\/plan\.json$/, "expected a …/plan.json key"),
  }),
});

export function parseWorkerPayload(event: unknown): WorkerPayload {
  const parsed = WorkerPayloadSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "payload";
    throw new InputError(`not a shard payload: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export function encodeWorkerPayload(payload: WorkerPayload): string {
  return JSON.stringify(WorkerPayloadSchema.parse(payload));
}
