// Instance-level settings, compared by the rules each provider module declares: name sets (lateral),
// switches (one way escalates) and address allow-lists (set algebra). Wording is the provider's;
// directions and severities are decided here and in severity.ts.
import type { InstanceRule } from "../providers/module.ts";
import { addressChange } from "./address-change.ts";
import { describeList, describeParsed } from "./describe.ts";
import { showAddresses } from "./show.ts";
import { emitChange, type TargetContext } from "./target-context.ts";

const INSTANCE = { principal: null, resource: null } as const;

export function compareInstance<T, Ok>(
  ctx: TargetContext,
  rules: readonly InstanceRule<T, Ok>[],
  want: T,
  have: Ok,
): void {
  for (const rule of rules) {
    if (rule.kind === "names") compareNames(ctx, rule, want, have);
    else if (rule.kind === "switch") compareSwitch(ctx, rule, want, have);
    else compareAddresses(ctx, rule, want, have);
  }
}

type Rule<T, Ok, K extends InstanceRule<T, Ok>["kind"]> = Extract<InstanceRule<T, Ok>, { kind: K }>;

function compareNames<T, Ok>(ctx: TargetContext, rule: Rule<T, Ok, "names">, want: T, have: Ok) {
  const expected = rule.expected(want);
  if (expected === undefined) return;
  const [e, a] = [rule.normalize(expected), rule.normalize(rule.actual(have))];
  if (e.join("\n") === a.join("\n")) return;
  emitChange(
    ctx,
    { ...INSTANCE, field: rule.field },
    {
      direction: "lateral",
      expected: e,
      actual: a,
      message: rule.message(ctx.key, describeList(e), describeList(a)),
    },
  );
}

function compareSwitch<T, Ok>(ctx: TargetContext, rule: Rule<T, Ok, "switch">, want: T, have: Ok) {
  const expected = rule.expected(want);
  const actual = rule.actual(have);
  if (expected === undefined || expected === actual) return;
  emitChange(
    ctx,
    { ...INSTANCE, field: rule.field },
    {
      direction: actual === rule.escalatesWhen ? "escalation" : "restriction",
      expected,
      actual,
      message: rule.message(ctx.key, actual),
    },
  );
}

function compareAddresses<T, Ok>(
  ctx: TargetContext,
  rule: Rule<T, Ok, "addresses">,
  want: T,
  have: Ok,
) {
  const wanted = rule.expected(want);
  if (wanted === undefined) return;
  const had = rule.actual(have);
  const expected = ctx.values.addressList(wanted);
  const actual = ctx.values.addressList(had);
  const change = addressChange(expected, actual);
  if (change === null) return;
  const words = {
    verb: change.verb,
    from: describeParsed(expected),
    to: describeParsed(actual),
    direction: change.direction,
  };
  emitChange(
    ctx,
    { ...INSTANCE, field: rule.field },
    {
      direction: change.direction,
      expected: showAddresses(expected, wanted),
      actual: showAddresses(actual, had),
      message: rule.message(ctx.key, words),
    },
    { widenedToAllIpv4: change.nowCoversAllIpv4 },
  );
}
