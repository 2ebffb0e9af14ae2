// zod schemas for the ApsaraMQ for RocketMQ 5.x responses we read (reference §3). Objects are not
// strict (the API adds fields), but every value the audit depends on is checked, and enumerations
// that carry permission meaning reject values we do not know: fail closed, never coerce.
import { z } from "zod";

/** Both envelopes, loosely: used to tell success from the two error shapes. */
export const EnvelopeSchema = z.object({
  requestId: z.string().optional(),
  success: z.boolean().optional(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  data: z.unknown().optional(),
  // Gateway (POP) errors are PascalCase.
  RequestId: z.string().optional(),
  Code: z.string().optional(),
  Message: z.string().optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    pageNumber: z.number().int().positive().optional(),
    pageSize: z.number().int().positive().optional(),
    totalCount: z.number().int().nonnegative(),
    list: z
      .array(item)
      .nullish()
      .transform((v) => v ?? []),
  });
}
export interface Page<T> {
  pageNumber?: number;
  pageSize?: number;
  totalCount: number;
  list: T[];
}

export const InstanceSummarySchema = z.object({
  instanceId: z.string().min(1),
  instanceName: z.string().nullish(),
  regionId: z.string().nullish(),
  status: z.string().nullish(),
  seriesCode: z.string().nullish(),
});
export type InstanceSummary = z.infer<typeof InstanceSummarySchema>;

const EndpointSchema = z.object({
  endpointType: z.string().nullish(),
  ipWhitelist: stringList,
});

export const InstanceDetailSchema = z.object({
  instanceId: z.string().min(1),
  // Optional in the SDK model (reference §9): absent means "not reported", not malformed.
  aclInfo: z
    .object({
      aclType: z.string().nullish(),
      aclTypes: z.array(z.string()).nullish(),
      defaultVpcAuthFree: z.boolean().nullish(),
    })
    .nullish(),
  networkInfo: z
    .object({
      internetInfo: z.object({ ipWhitelist: z.array(z.string()).nullish() }).nullish(),
      endpoints: z.array(EndpointSchema).nullish(),
    })
    .nullish(),
});
export type InstanceDetail = z.infer<typeof InstanceDetailSchema>;

export const AccountStatusSchema = z.enum(["ENABLE", "DISABLE"]);

export const AccountSchema = z.object({
  username: z.string().min(1),
  // Descriptive only (CUSTOMER / DEFAULT today); not compared, so a new type must not blind the audit.
  accountType: z.string().min(1),
  accountStatus: AccountStatusSchema,
});
export type Account = z.infer<typeof AccountSchema>;

/** GetInstanceAccount `data`. `password` is removed before this schema ever sees the object. */
export const AccountDetailSchema = z.object({
  username: z.string().min(1),
  accountStatus: AccountStatusSchema,
});
export type AccountDetail = z.infer<typeof AccountDetailSchema>;

/** `Pub`, `Sub`, or both joined with `|` (the reference leaves open which form the API uses). */
export const AclActionSchema = z
  .string()
  .regex(/^(Pub|Sub)(\|(Pub|Sub))*$/, "expected Pub, Sub or Pub|Sub");

export const AclEntrySchema = z.object({
  username: z.string().min(1),
  resourceType: z.enum(["Topic", "Group"]),
  resourceName: z.string().min(1),
  decision: z.enum(["Allow", "Deny"]),
  actions: z.array(AclActionSchema),
  // Empty means any address, so a missing list reads as the most permissive value, not as none.
  ipWhitelists: stringList,
});
export type AclEntry = z.infer<typeof AclEntrySchema>;

export const InstancePageSchema = pageSchema(InstanceSummarySchema);
export const AccountPageSchema = pageSchema(AccountSchema);
export const AclPageSchema = pageSchema(AclEntrySchema);
/** ListInstanceIpWhitelist `data`: `list` is plain IP/CIDR strings (reference §3.9). */
export const IpWhitelistPageSchema = pageSchema(z.string().min(1));
