// A target that could not be read is a finding of its own, never an absence of drift.
import type { TargetError } from "../model/snapshot.ts";
import type { Draft } from "./target-context.ts";

/** The error recorded for a baseline target the snapshot does not contain. */
export function notCollectedError(): TargetError {
  return {
    code: "NotCollected",
    message: "the target is in the baseline but not in the snapshot",
    httpStatus: null,
  };
}

function errorDetails(error: TargetError): string {
  const parts = [
    error.httpStatus === null ? null : `HTTP ${error.httpStatus}`,
    error.call ? `call ${error.call}` : null,
    error.requestId ? `request id ${error.requestId}` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

export function unreadableDraft(key: string, error: TargetError): Draft {
  return {
    target: key,
    principal: null,
    resource: null,
    field: "target",
    kind: "unreadable",
    direction: null,
    severity: "high",
    expected: null,
    actual: error,
    message: `Target ${key} is unreadable: ${error.code}: ${error.message}${errorDetails(error)}; its permissions were not compared.`,
  };
}
