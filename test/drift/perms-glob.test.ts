import { describe, expect, it } from "vitest";
import {
  actionsDirection,
  bitsDirection,
  formatActions,
  formatPerm,
  parseActions,
  permBits,
} from "../../shared/drift/perms.ts";
import { compileGlob, globMatch } from "../../shared/match/glob.ts";

describe("Huawei perms as sets", () => {
  it("maps DENY to ∅ and treats PUB|SUB and SUB|PUB alike", () => {
    expect(permBits("DENY")).toBe(0);
    expect(permBits("PUB|SUB")).toBe(permBits("SUB|PUB"));
    expect(formatPerm(permBits("SUB|PUB"))).toBe("PUB|SUB");
    expect(["DENY", "PUB", "SUB", "PUB|SUB"].map((p) => formatPerm(permBits(p)))).toEqual([
      "DENY",
      "PUB",
      "SUB",
      "PUB|SUB",
    ]);
  });

  it("reads unknown strings as DENY, as RocketMQ 4.x does", () => {
    expect(permBits("ANY")).toBe(0);
    expect(permBits("constructor")).toBe(0);
  });

  it("gives set directions", () => {
    expect(bitsDirection(permBits("SUB"), permBits("PUB|SUB"))).toBe("escalation");
    expect(bitsDirection(permBits("PUB|SUB"), permBits("DENY"))).toBe("restriction");
    expect(bitsDirection(permBits("PUB"), permBits("SUB"))).toBe("lateral");
    expect(bitsDirection(permBits("SUB|PUB"), permBits("PUB|SUB"))).toBeNull();
  });
});

describe("Alibaba actions as sets", () => {
  it("splits Pub|Sub, ignores case and order, spells canonically", () => {
    expect(formatActions(parseActions(["sub|PUB"]))).toEqual(["Pub", "Sub"]);
    expect(parseActions(["Pub|Sub"])).toEqual(parseActions(["Sub", "pub", "Pub"]));
    expect(formatActions(parseActions([]))).toEqual([]);
  });

  it("expands All to every action, so [All] ⊋ [Pub]", () => {
    expect(actionsDirection(parseActions(["Pub"]), parseActions(["All"]))).toBe("escalation");
    expect(formatActions(parseActions(["all"]))).toEqual(["All"]);
    const every = ["Any", "Pub", "Sub", "Create", "Update", "Delete", "Get", "List"];
    expect(actionsDirection(parseActions(["All"]), parseActions(every))).toBeNull();
  });

  it("keeps unknown actions verbatim and compares them too", () => {
    expect(formatActions(parseActions(["Pub", "Teleport"]))).toEqual(["Pub", "Teleport"]);
    expect(actionsDirection(parseActions(["Pub"]), parseActions(["Pub", "Teleport"]))).toBe(
      "escalation",
    );
    expect(actionsDirection(parseActions(["Pub", "Warp"]), parseActions(["Pub", "Teleport"]))).toBe(
      "lateral",
    );
  });
});

describe("globMatch", () => {
  it.each([
    ["*", "", true],
    ["*", "anything/at/all", true],
    ["alibaba/cn-*/rmq-*", "alibaba/cn-hangzhou/rmq-cn-1", true],
    ["alibaba/cn-*/rmq-*", "huawei/cn-north-4/rmq-1", false],
    ["app-?", "app-1", true],
    ["app-?", "app-12", false],
    ["app-?", "app-", false],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "aXbY", false],
    ["Topic:orders", "Topic:orders", true],
    ["Topic:orders", "Topic:orders2", false],
    ["[a].+(x)", "[a].+(x)", true],
    ["[a].+(x)", "a.+x", false],
    ["?", "😀", true],
    ["*a*a*a*a*a*a*a*b", "a".repeat(2000), false],
  ])("%j vs %j → %s", (glob, value, expected) => {
    expect(globMatch(glob, value)).toBe(expected);
  });

  it("compiles once and reuses the matcher", () => {
    expect(compileGlob("x*")).toBe(compileGlob("x*"));
  });
});
