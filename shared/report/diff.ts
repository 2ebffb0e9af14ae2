// Expected vs actual as a reader wants to see it: sets as added / removed / kept items, objects as the
// keys that changed, scalars as from → to. Both renderers use it, so the two reports never disagree.
import type { Field } from "../model/finding.ts";

export type ValueDiff =
  | { kind: "set"; added: string[]; removed: string[]; kept: string[] }
  | { kind: "object"; changes: KeyChange[] }
  | { kind: "scalar"; from: string; to: string };

export interface KeyChange {
  key: string;
  from: string;
  to: string;
}

/** How an absent side (`null`: no such principal / entry in the baseline or the cloud) reads. */
export const ABSENT = "(absent)";

// An empty set is not "nothing" for every field (DESIGN.md §5); a diff that showed only the removed
// items of an emptied ipWhitelists would hide that the entry now admits every address.
const EMPTY_SET_MEANS: Partial<Record<Field, string>> = {
  ipWhitelists: "any address (empty list)",
  internetWhitelist: "any address (empty list)",
  accessWhitelist: "any address (empty list)",
  whitelist: "no address (empty)",
  actions: "no action (empty)",
  defaultTopicPerm: "DENY",
  defaultGroupPerm: "DENY",
  topicPerm: "DENY",
  groupPerm: "DENY",
};

export function diffValues(field: Field, expected: unknown, actual: unknown): ValueDiff {
  const exp = field === "principal" ? principalView(expected) : (expected ?? null);
  const act = field === "principal" ? principalView(actual) : (actual ?? null);
  if (isSetLike(exp) && isSetLike(act) && (exp !== null || act !== null)) {
    return diffSets(setItems(field, exp), setItems(field, act));
  }
  if (isObjectLike(exp) && isObjectLike(act) && (exp !== null || act !== null)) {
    return { kind: "object", changes: diffObjects(exp ?? {}, act ?? {}) };
  }
  return { kind: "scalar", from: formatScalar(field, exp), to: formatScalar(field, act) };
}

// A whole principal (missing or unexpected) reads entry by entry — one line per ACL entry or
// permission — rather than as one JSON blob. Its name is the finding's principal; null fields were
// not checked by the baseline and say nothing.
function principalView(value: unknown): Record<string, unknown> | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const view: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === "username" || key === "accessKey" || v === null || v === undefined) continue;
    if (key === "acls" && Array.isArray(v)) {
      for (const acl of v as Array<Record<string, unknown>>)
        view[`acl ${acl.resource}`] = aclText(acl);
    } else if ((key === "topicPerms" || key === "groupPerms") && isPlainObject(v)) {
      const kind = key === "topicPerms" ? "topic" : "group";
      for (const [name, perm] of Object.entries(v)) view[`${kind} ${name}`] = perm;
    } else if (key === "whitelist" && isPlainObject(v) && "pattern" in v) {
      view.whitelist = v.pattern === "" ? EMPTY_SET_MEANS.whitelist : v.pattern;
    } else view[key] = v;
  }
  return view;
}

function aclText(acl: Record<string, unknown>): string {
  const actions =
    Array.isArray(acl.actions) && acl.actions.length ? acl.actions.join(", ") : "no action";
  const ips = acl.ipWhitelists;
  const from = !Array.isArray(ips)
    ? "any address (not checked)"
    : ips.length === 0
      ? EMPTY_SET_MEANS.ipWhitelists
      : ips.join(", ");
  return `${acl.decision} ${actions} from ${from}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Huawei's `whitelist` is a pattern string whose empty value means "no address".
function formatScalar(field: Field, v: unknown): string {
  return v === "" && EMPTY_SET_MEANS[field] ? EMPTY_SET_MEANS[field] : formatValue(v);
}

function isSetLike(v: unknown): v is unknown[] | null {
  return v === null || Array.isArray(v);
}

function isObjectLike(v: unknown): v is Record<string, unknown> | null {
  return v === null || (typeof v === "object" && !Array.isArray(v));
}

// A side that is absent altogether contributes no items: absence is not an empty list.
function setItems(field: Field, side: unknown[] | null): string[] {
  if (side === null) return [];
  if (side.length === 0) return [EMPTY_SET_MEANS[field] ?? "(empty)"];
  return [...new Set(side.map(formatValue))].sort();
}

function diffSets(expected: string[], actual: string[]): ValueDiff {
  const exp = new Set(expected);
  const act = new Set(actual);
  return {
    kind: "set",
    added: actual.filter((x) => !exp.has(x)),
    removed: expected.filter((x) => !act.has(x)),
    kept: expected.filter((x) => act.has(x)),
  };
}

function diffObjects(exp: Record<string, unknown>, act: Record<string, unknown>): KeyChange[] {
  const keys = [...new Set([...Object.keys(exp), ...Object.keys(act)])].sort();
  const changes: KeyChange[] = [];
  for (const key of keys) {
    const from = Object.hasOwn(exp, key) ? formatValue(exp[key]) : ABSENT;
    const to = Object.hasOwn(act, key) ? formatValue(act[key]) : ABSENT;
    if (from !== to) changes.push({ key, from, to });
  }
  return changes;
}

/** One line of text for any JSON value; object keys sorted so the text is stable. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return ABSENT;
  if (typeof v === "string") return v === "" ? '""' : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.length === 0 ? "[]" : v.map(formatValue).join(", ");
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]));
}

/** The diff as plain text lines (`+ item`, `− item`, `key: from → to`), for Markdown and tests. */
export function diffLines(d: ValueDiff): string[] {
  switch (d.kind) {
    case "set":
      return [...d.added.map((x) => `+ ${x}`), ...d.removed.map((x) => `− ${x}`)];
    case "object":
      return d.changes.map((c) => `${c.key}: ${c.from} → ${c.to}`);
    case "scalar":
      return [`${d.from} → ${d.to}`];
  }
}
