// The baseline contract (DESIGN.md §3): strict zod objects, the single source of the baseline types.
import { z } from "zod";
import { UnmanagedSchema } from "../model/target.ts";
import {
  BaselineTargetSchema,
  CredentialProfileSchema,
  DiscoverEntrySchema,
} from "../providers/index.ts";

export type { BaselineTarget } from "../providers/index.ts";
export { UnmanagedSchema };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const WaiverSchema = z.strictObject({
  id: z.string().min(1).describe("Unique waiver id, e.g. a ticket number"),
  target: z.string().min(1).describe("Glob over the target key provider/region/instanceId"),
  principal: z.string().min(1).optional().describe("Glob over the principal name"),
  resource: z.string().min(1).optional().describe("Glob over the resource, e.g. Topic:orders"),
  field: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Finding field the waiver covers, e.g. ipWhitelists, acl, topicPerm; absent: all fields",
    ),
  reason: z.string().min(1).describe("Why the drift is accepted; shown in reports"),
  owner: z.string().min(1).optional().describe("Team or person answerable for the waiver"),
  expires: z
    .string()
    .regex(DATE, "expected a date YYYY-MM-DD")
    .describe("Last day (UTC) on which the waiver applies"),
});
export type Waiver = z.infer<typeof WaiverSchema>;

/** Key names that would hold a secret value; the baseline names variables instead. */
const SECRET_KEY = /secret|password|passwd|token|^(ak|sk|accesskey(id)?|privatekey)$/i;
const ENV_KEY = /Env$/;

/** Refuses a profile that holds a secret value with a message saying what to do instead. */
function refuseSecrets(value: unknown, ctx: z.RefinementCtx) {
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    if (SECRET_KEY.test(key) && !ENV_KEY.test(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `"${key}" looks like a secret value: a baseline never holds one (name an environment variable with accessKeyIdEnv / accessKeySecretEnv / securityTokenEnv)`,
      });
    }
  }
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const CredentialsSchema = z
  .record(
    z.string().regex(PROFILE_NAME, "expected a profile name of letters, digits, . _ -"),
    z.unknown().superRefine(refuseSecrets).pipe(CredentialProfileSchema),
  )
  .describe("Named ways to reach other cloud accounts; never a secret value");

export const BaselineSchema = z.strictObject({
  version: z.literal(1).describe("Baseline format version"),
  defaults: z.strictObject({ unmanaged: UnmanagedSchema.optional() }).optional(),
  waivers: z.array(WaiverSchema).optional().describe("Accepted drift, each with an expiry date"),
  credentials: CredentialsSchema.optional(),
  discover: z
    .array(DiscoverEntrySchema)
    .optional()
    .describe("Regions in which every instance must be a target; others are reported"),
  targets: z
    .array(BaselineTargetSchema)
    .describe("Instances to audit; target key provider/region/instanceId"),
});
export type Baseline = z.infer<typeof BaselineSchema>;
