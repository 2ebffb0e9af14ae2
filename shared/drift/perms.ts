// Permissions as sets: Huawei / RocketMQ 4.x perm strings as bit sets, Alibaba ACL actions as sets.
import type { Direction } from "../model/finding.ts";

/** Huawei perm as bits: DENY = 0 (∅), PUB = 1, SUB = 2, PUB|SUB = 3. */
export type PermBits = number;
export const PUB: PermBits = 1;
export const SUB: PermBits = 2;

const PERM_BITS: Readonly<Record<string, PermBits>> = {
  DENY: 0,
  PUB,
  SUB,
  "PUB|SUB": PUB | SUB,
  "SUB|PUB": PUB | SUB,
};
const PERM_TEXT = ["DENY", "PUB", "SUB", "PUB|SUB"] as const;
export type CanonicalPerm = (typeof PERM_TEXT)[number];

/** Any other string reads as DENY, as `Permission.parsePermFromString` does in RocketMQ 4.x. */
export function permBits(perm: string): PermBits {
  return Object.hasOwn(PERM_BITS, perm) ? PERM_BITS[perm]! : 0;
}

export function formatPerm(bits: PermBits): CanonicalPerm {
  return PERM_TEXT[bits & 3]!;
}

/** Direction of a change between two sets given both subset tests; null when equal. */
export function directionOf(
  actualWithinExpected: boolean,
  expectedWithinActual: boolean,
): Direction {
  if (actualWithinExpected && expectedWithinActual) return null;
  if (expectedWithinActual) return "escalation";
  if (actualWithinExpected) return "restriction";
  return "lateral";
}

/** Direction between two bit sets (perms or known actions). */
export function bitsDirection(expected: number, actual: number): Direction {
  return directionOf((actual & ~expected) === 0, (expected & ~actual) === 0);
}

// ACL 2.0 actions (reference B2, `Action` enum). `All` is not a bit of its own: it is every bit.
export const ACTIONS = ["Any", "Pub", "Sub", "Create", "Update", "Delete", "Get", "List"] as const;
const ACTION_BIT = new Map<string, number>(ACTIONS.map((a, i) => [a.toLowerCase(), 1 << i]));
const ALL_ACTIONS = (1 << ACTIONS.length) - 1;
ACTION_BIT.set("all", ALL_ACTIONS);

/** An action set: known actions as bits, unknown action names kept verbatim (sorted, unique). */
export interface ActionSet {
  readonly bits: number;
  readonly other: readonly string[];
}

/** Case-insensitive; `"Pub|Sub"` inside one string splits; blanks are dropped. */
export function parseActions(actions: readonly string[]): ActionSet {
  let bits = 0;
  const other = new Set<string>();
  for (const entry of actions) {
    for (const raw of entry.split("|")) {
      const name = raw.trim();
      if (name === "") continue;
      const bit = ACTION_BIT.get(name.toLowerCase());
      if (bit === undefined) other.add(name);
      else bits |= bit;
    }
  }
  return { bits, other: [...other].sort() };
}

/** Canonical spelling, sorted; the full known set is shown as `All`. */
export function formatActions(set: ActionSet): string[] {
  const known =
    set.bits === ALL_ACTIONS ? ["All"] : ACTIONS.filter((_, i) => (set.bits & (1 << i)) !== 0);
  return [...known, ...set.other].sort();
}

function otherSubset(a: readonly string[], b: readonly string[]): boolean {
  return a.every((name) => b.includes(name));
}

export function actionsDirection(expected: ActionSet, actual: ActionSet): Direction {
  return directionOf(
    (actual.bits & ~expected.bits) === 0 && otherSubset(actual.other, expected.other),
    (expected.bits & ~actual.bits) === 0 && otherSubset(expected.other, actual.other),
  );
}
