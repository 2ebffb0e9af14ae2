// What every export says the same way: the stable rule id of a finding and a one-line title.
import type { Field, Kind } from "../../model/finding.ts";

/** `RMQD-<field>-<kind>`: stable across runs and versions, so CI and SIEM rules can key on it. */
export function ruleId(f: { field: Field; kind: Kind }): string {
  return `RMQD-${f.field}-${f.kind}`;
}

const KIND_TEXT: Record<Kind, string> = {
  missing: "in the baseline but not in the cloud",
  unexpected: "in the cloud but not in the baseline",
  changed: "differs from the baseline",
  unreadable: "could not be read",
};

/** `ipWhitelists differs from the baseline` — the rule's short description. */
export function ruleText(f: { field: Field; kind: Kind }): string {
  return `${f.field} ${KIND_TEXT[f.kind]}`;
}

/** Where the finding is, as one path: `target › principal › resource`. */
export function subjectOf(f: {
  target: string;
  principal: string | null;
  resource: string | null;
}) {
  return [f.target, f.principal, f.resource].filter((x) => x !== null && x !== "").join(" › ");
}
