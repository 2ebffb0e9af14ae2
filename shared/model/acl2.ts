// The ACL 2.0 permission model: user × resource → decision, actions, source IPs. Alibaba ApsaraMQ
// for RocketMQ 5.x stores it, in the same shape as Apache RocketMQ 5's ACL 2.0. What the cloud holds
// (snapshot) and what a baseline expects, both per principal.
import { z } from "zod";

export const Acl2EntrySchema = z.strictObject({
  /** `Topic:<name>` or `Group:<name>`. */
  resource: z.string().regex(/^(Topic|Group):.+$/, "expected Topic:<name> or Group:<name>"),
  decision: z.enum(["Allow", "Deny"]),
  /** Action names (`Pub`, `Sub`; `"Pub|Sub"` in one string is split by the engine). */
  actions: z.array(z.string()),
  /** IPs / CIDRs; empty means any address. */
  ipWhitelists: z.array(z.string()),
});
export type Acl2Entry = z.infer<typeof Acl2EntrySchema>;

export const Acl2PrincipalSchema = z.strictObject({
  username: z.string().min(1),
  status: z.enum(["ENABLE", "DISABLE"]),
  accountType: z.string(),
  acls: z.array(Acl2EntrySchema),
});
export type Acl2Principal = z.infer<typeof Acl2PrincipalSchema>;

export const Acl2ActionSchema = z
  .string()
  .min(1)
  .describe('Pub or Sub (any case), or both as "Pub|Sub"; Group resources take Sub only');

export const Acl2EntryExpectationSchema = z.strictObject({
  resource: z.string().describe("Topic:<name> or Group:<name>"),
  decision: z
    .enum(["Allow", "Deny"])
    .describe("Allow or Deny; a Deny → Allow change is an escalation"),
  actions: z.array(Acl2ActionSchema).optional().describe("Pub, Sub; compared as a set"),
  ipWhitelists: z
    .array(z.string())
    .optional()
    .describe("IPs/CIDRs; empty means any address; absent means not checked"),
});
export type Acl2EntryExpectation = z.infer<typeof Acl2EntryExpectationSchema>;

export const Acl2PrincipalExpectationSchema = z.strictObject({
  status: z.enum(["ENABLE", "DISABLE"]).optional().describe("Account status; absent: not checked"),
  acls: z
    .array(Acl2EntryExpectationSchema)
    .optional()
    .describe("Every ACL entry of the account, keyed by resource; absent: not checked"),
});
export type Acl2PrincipalExpectation = z.infer<typeof Acl2PrincipalExpectationSchema>;
