// Targeted reads for `--principal`: ShowUser for the baseline's named users only. A user the
// instance does not have is left out, so the comparison reports it missing.
import { anyGlob } from "../../match/glob.ts";
import type { Perm4Principal } from "../../model/perm4.ts";
import type { CallContext } from "../../net/api-call.ts";
import type { HuaweiClient } from "./client.ts";
import type { HuaweiLocation } from "./request.ts";
import type { HuaweiTarget } from "./target.ts";

/** Targeted audit: point reads for the baseline users a principal glob names. */
export async function readNamedUsers(
  client: HuaweiClient,
  loc: HuaweiLocation,
  target: HuaweiTarget,
  principals: readonly string[],
  ctx: CallContext,
): Promise<Perm4Principal[]> {
  const names = Object.keys(target.users ?? {}).filter(anyGlob(principals));
  const users = await Promise.all(
    names.map((name) => client.showUser(loc, target.instanceId, name, ctx)),
  );
  return users.filter((u): u is Perm4Principal => u !== null);
}
