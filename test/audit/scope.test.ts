import { describe, expect, it } from "vitest";
import { scopeAudit } from "../../shared/audit/scope.ts";
import type { Baseline } from "../../shared/baseline/schema.ts";

const baseline: Baseline = {
  version: 1,
  targets: [
    {
      provider: "alibaba",
      region: "cn-hangzhou",
      instanceId: "rmq-cn-a",
      accounts: { "app-orders": {} },
    },
  ],
};
const principalScope = (principals: string[] | undefined) =>
  scopeAudit(baseline, { principals }).couldResolve;

describe("targeted audit scope for history", () => {
  it("is everything when no principal filter is given", () => {
    expect(principalScope(undefined)).toBeUndefined();
    expect(principalScope([])).toBeUndefined();
  });

  it("covers matching principals and instance-level findings, never unexpected ones", () => {
    const inScope = principalScope(["app-*"]) as NonNullable<ReturnType<typeof principalScope>>;
    expect(inScope({ principal: "app-orders", kind: "changed" })).toBe(true);
    expect(inScope({ principal: "app-orders", kind: "missing" })).toBe(true);
    expect(inScope({ principal: null, kind: "changed" })).toBe(true);
    expect(inScope({ principal: "ops-monitor", kind: "changed" })).toBe(false);
    // Point reads cannot see undeclared entries, so their absence resolves nothing.
    expect(inScope({ principal: "app-orders", kind: "unexpected" })).toBe(false);
  });
});
