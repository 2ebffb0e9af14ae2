// Waivers: which findings they cover, and which have expired. Expiry is by UTC calendar day, from
// the `now` passed in (the engine reads no clock).
import type { Waiver } from "../baseline/schema.ts";
import { compileGlob, type GlobMatcher } from "../match/glob.ts";
import type { AppliedWaiver, ExpiredWaiver, Field, Kind } from "../model/finding.ts";

interface ActiveWaiver {
  applied: AppliedWaiver;
  target: GlobMatcher;
  principal: GlobMatcher | null;
  resource: GlobMatcher | null;
  field: string | null;
}

export interface WaiverPlan {
  /** Unexpired waivers, in baseline order (the first match wins). */
  active: readonly ActiveWaiver[];
  expired: ExpiredWaiver[];
}

/** `expires` is the last day a waiver applies: expired once the UTC date of `now` is later. */
export function isWaiverActive(waiver: Pick<Waiver, "expires">, now: Date): boolean {
  return now.toISOString().slice(0, 10) <= waiver.expires;
}

export function planWaivers(waivers: readonly Waiver[], now: Date): WaiverPlan {
  const active: ActiveWaiver[] = [];
  const expired: ExpiredWaiver[] = [];
  for (const w of waivers) {
    const owner = w.owner ?? null;
    if (!isWaiverActive(w, now)) {
      expired.push({
        id: w.id,
        target: w.target,
        principal: w.principal ?? null,
        resource: w.resource ?? null,
        field: w.field ?? null,
        reason: w.reason,
        owner,
        expires: w.expires,
      });
      continue;
    }
    active.push({
      applied: { id: w.id, reason: w.reason, owner, expires: w.expires },
      target: compileGlob(w.target),
      principal: w.principal === undefined ? null : compileGlob(w.principal),
      resource: w.resource === undefined ? null : compileGlob(w.resource),
      field: w.field ?? null,
    });
  }
  return { active, expired };
}

interface Waivable {
  target: string;
  principal: string | null;
  resource: string | null;
  field: Field;
  kind: Kind;
}

function covers(w: ActiveWaiver, f: Waivable): boolean {
  return (
    (w.field === null || w.field === f.field) &&
    w.target(f.target) &&
    (w.principal === null || (f.principal !== null && w.principal(f.principal))) &&
    (w.resource === null || (f.resource !== null && w.resource(f.resource)))
  );
}

/** The first active waiver covering the finding; never one for `unreadable` (fail closed). */
export function findWaiver(plan: WaiverPlan, finding: Waivable): AppliedWaiver | null {
  if (finding.kind === "unreadable") return null;
  for (const w of plan.active) if (covers(w, finding)) return w.applied;
  return null;
}
