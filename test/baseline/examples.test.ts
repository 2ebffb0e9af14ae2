// The example baselines shipped in policies/ must load cleanly: users copy them.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadBaselineFile } from "../../shared/baseline/load.ts";

const policies = fileURLToPath(new URL("../../policies/", import.meta.url));
const HEADER = "# yaml-language-server: $schema=./baseline.schema.json\n";

describe("example baselines", () => {
  for (const name of ["baseline.yaml", "example-alibaba.yaml", "example-huawei.yaml"]) {
    it(`${name} is valid and points editors at the JSON Schema`, async () => {
      const loaded = await loadBaselineFile(`${policies}${name}`);
      expect(loaded.baseline.targets.length).toBeGreaterThan(0);
      expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect((await readFile(`${policies}${name}`, "utf8")).startsWith(HEADER)).toBe(true);
    });
  }

  it("expands the anchors and merge keys of example-alibaba.yaml", async () => {
    const { baseline } = await loadBaselineFile(`${policies}example-alibaba.yaml`);
    const [prod, staging] = baseline.targets;
    if (prod?.provider !== "alibaba" || staging?.provider !== "alibaba") throw new Error("shape");
    expect(staging.accounts?.["app-orders"]?.acls).toEqual(prod.accounts?.["app-orders"]?.acls);
    expect(staging.accounts?.["ops-readonly"]).toEqual({
      ...prod.accounts?.["ops-readonly"],
      status: "DISABLE",
    });
  });
});
