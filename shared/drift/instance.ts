// Instance-level settings, compared by the rules each provider module declares: name sets (lateral),
// switches (one way escalates) and address allow-lists (set algebra). Wording is the provider's;
// directions and severities are decided here and in severity.ts.
import type { InstanceRule } from "../providers/module.ts";
import { addressChange } from "./address-change.ts";
import { describeList, describeParsed } from "./describe.ts";
import { showAddresses } from "./show.ts";
import { emit, emitChange, type TargetContext } from "./target-context.ts";

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
  const e = rule.normalize(expected);
  const actual = rule.actual(have);
  if (actual === undefined) return reportUnreported(ctx, rule, e);
  const a = rule.normalize(actual);
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
  if (expected === undefined) return;
  const actual = rule.actual(have);
  if (actual === undefined) return reportUnreported(ctx, rule, expected);
  if (expected === actual) return;
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
  const expected = ctx.values.addressList(wanted);
  const had = rule.actual(have);
  if (had === undefined) return reportUnreported(ctx, rule, showAddresses(expected, wanted));
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

/**
 * The baseline asserts a setting the cloud did not report. Nothing is guessed: the finding says it
 * cannot be checked, `missing` with a `lateral` direction (either way is possible), so high
 * severity. The expectation is shown normalised, as in a `changed` finding.
 */
function reportUnreported<T, Ok>(ctx: TargetContext, rule: InstanceRule<T, Ok>, shown: unknown) {
  const source = rule.unreported ?? "not in the snapshot";
  emit(ctx, {
    ...INSTANCE,
    field: rule.field,
    kind: "missing",
    direction: "lateral",
    expected: shown,
    actual: null,
    message: `${ctx.label} instance ${ctx.key}: the baseline expects ${rule.field} ${JSON.stringify(shown)}, but the cloud does not report it (${source}), so it cannot be checked.`,
  });
}
