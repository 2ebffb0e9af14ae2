// The `POST /audit` body: size, JSON, then a strict schema, with every problem reported at once.
import { z } from "zod";
import type { AuditRequest } from "../audit/types.ts";
import { HttpError, type HttpIssue } from "./errors.ts";

const MAX_ITEMS = 100;

const GlobList = z
  .array(z.string().min(1, "must be a non-empty string"))
  .max(MAX_ITEMS, `at most ${MAX_ITEMS} items`);

export const AuditBodySchema = z.strictObject({
  /** Globs over target keys (`provider/region/instanceId`). */
  targets: GlobList.optional(),
  /** Principal globs: a targeted audit with point reads. */
  principals: GlobList.optional(),
  /** Compare and report, but store nothing and alert nobody. */
  dryRun: z.boolean().optional(),
});
export type AuditBody = z.infer<typeof AuditBodySchema>;

const ALLOWED_KEYS = Object.keys(AuditBodySchema.shape).join(", ");

/** Parses and validates an audit body; an absent or blank body means "audit everything". */
export function parseAuditBody(
  body: string | null,
): Pick<AuditRequest, "targets" | "principals" | "dryRun"> {
  if (body === null || body.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, "request body is not valid JSON", { issues: [{ path: "", message }] });
  }
  const parsed = AuditBodySchema.safeParse(data);
  if (!parsed.success) {
    throw new HttpError(400, "invalid request body", { issues: toIssues(parsed.error.issues) });
  }
  return parsed.data;
}

function toIssues(issues: readonly z.core.$ZodIssue[]): HttpIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: `unknown key "${key}" (expected one of: ${ALLOWED_KEYS})`,
      }));
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

/** `["targets", 2]` → `targets[2]`; the root is the empty string. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}
