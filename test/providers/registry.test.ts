// Every registered provider module supplies every part the pipeline uses, and the parts agree with
// each other: its init generator describes a snapshot so that comparing the two finds nothing.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkBaseline, partsOf } from "../../shared/baseline/check.ts";
import { BaselineSchema } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import { targetKey } from "../../shared/model/snapshot.ts";
import {
  PROVIDER_IDS,
  PROVIDERS,
  providerOf,
  SnapshotSchema,
  type SnapshotTargetOk,
} from "../../shared/providers/index.ts";

/** What a module must hold: the part's path and how to tell it is really there. */
const PARTS: Record<string, (m: Record<string, unknown>) => boolean> = {
  id: (m) => typeof m.id === "string",
  label: (m) => typeof m.label === "string" && m.label !== "",
  displayName: (m) => typeof m.displayName === "string" && m.displayName !== "",
  targetSchema: (m) => isSchema(m.targetSchema),
  "snapshotSchemas.ok": (m) => isSchema(at(m, "snapshotSchemas", "ok")),
  "snapshotSchemas.error": (m) => isSchema(at(m, "snapshotSchemas", "error")),
  "identity.regions": (m) => Array.isArray(at(m, "identity", "regions")),
  "identity.instanceId": (m) => at(m, "identity", "instanceId") instanceof Object,
  checkTarget: (m) => typeof m.checkTarget === "function",
  "init.flags": (m) => {
    const flags = at(m, "init", "flags");
    return Array.isArray(flags) && flags.every((f) => typeof f?.help?.text === "string");
  },
  "init.describe": (m) => typeof at(m, "init", "describe") === "function",
  "init.omittable": (m) => Array.isArray(at(m, "init", "omittable")),
  "init.review": (m) => typeof at(m, "init", "review") === "function",
  "environment.keyId": (m) => typeof at(m, "environment", "keyId") === "string",
  "environment.keySecret": (m) => typeof at(m, "environment", "keySecret") === "string",
  "environment.securityToken": (m) => typeof at(m, "environment", "securityToken") === "string",
  "environment.credentialEndpoint": (m) =>
    typeof at(m, "environment", "credentialEndpoint") === "string",
  "environment.credentials": (m) => typeof at(m, "environment", "credentials") === "function",
  openCollector: (m) => typeof m.openCollector === "function",
  errorTarget: (m) => typeof m.errorTarget === "function",
  counts: (m) => typeof m.counts === "function",
  "principals.model": (m) => ["acl2", "perm4"].includes(at(m, "principals", "model") as string),
  "principals.key": (m) => typeof at(m, "principals", "key") === "string",
  "principals.noun": (m) => typeof at(m, "principals", "noun") === "string",
  "principals.expected": (m) => typeof at(m, "principals", "expected") === "function",
  "principals.actual": (m) => typeof at(m, "principals", "actual") === "function",
  instanceRules: (m) => Array.isArray(m.instanceRules),
  mergeReread: (m) => typeof m.mergeReread === "function",
  pointReadCost: (m) => typeof m.pointReadCost === "function",
  carriedState: (m) => typeof m.carriedState === "function",
  remediate: (m) => typeof m.remediate === "function",
  "profiles.schema": (m) => isSchema(at(m, "profiles", "schema")),
  "profiles.open": (m) => typeof at(m, "profiles", "open") === "function",
  "discovery.schema": (m) => isSchema(at(m, "discovery", "schema")),
  "discovery.scopes": (m) => typeof at(m, "discovery", "scopes") === "function",
  "discovery.entry": (m) => typeof at(m, "discovery", "entry") === "function",
  "discovery.target": (m) => typeof at(m, "discovery", "target") === "function",
  "discovery.accessControlOff": (m) => typeof at(m, "discovery", "accessControlOff") === "function",
  "discovery.settings": (m) => typeof at(m, "discovery", "settings") === "function",
};

function at(m: Record<string, unknown>, a: string, b: string): unknown {
  const inner = m[a];
  return inner !== null && typeof inner === "object"
    ? (inner as Record<string, unknown>)[b]
    : undefined;
}

function isSchema(value: unknown): boolean {
  return typeof (value as { safeParse?: unknown })?.safeParse === "function";
}

function missingParts(module: unknown): string[] {
  const m = (module ?? {}) as Record<string, unknown>;
  return Object.entries(PARTS)
    .filter(([, present]) => !present(m))
    .map(([name]) => name);
}

const demo = SnapshotSchema.parse(
  JSON.parse(
    readFileSync(new URL("../audit/fixtures/demo-snapshot.json", import.meta.url), "utf8"),
  ),
);

describe("provider registry", () => {
  it("lists each module under its own id", () => {
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id);
  });

  it.each(PROVIDER_IDS)("module %s has every part", (id) => {
    expect(missingParts(PROVIDERS[id])).toEqual([]);
  });

  it.each(PROVIDER_IDS)("module %s: every part it has is one the check looks for", (id) => {
    const checked = new Set(Object.keys(PARTS).map((part) => part.split(".")[0]));
    expect(Object.keys(PROVIDERS[id]).filter((key) => !checked.has(key))).toEqual([]);
  });

  it("notices a module without a part", () => {
    const { mergeReread: _, ...withoutMerge } = PROVIDERS.alibaba;
    expect(missingParts(withoutMerge)).toEqual(["mergeReread"]);
    expect(missingParts({ ...PROVIDERS.huawei, init: {} })).toEqual([
      "init.flags",
      "init.describe",
      "init.omittable",
      "init.review",
    ]);
  });

  it.each(PROVIDER_IDS)(
    "module %s: init describes the live state so that it audits clean",
    (id) => {
      const live = demo.targets.find(
        (t): t is SnapshotTargetOk => t.provider === id && t.status === "ok",
      );
      if (!live) throw new Error(`the demo snapshot has no readable ${id} target`);
      const module = providerOf(live);
      const target = module.init.describe(live);
      expect(module.targetSchema.safeParse(target).success).toBe(true);
      const baseline = BaselineSchema.parse({ version: 1, targets: [target] });
      expect(checkBaseline(partsOf(baseline))).toEqual([]);
      const snapshot = { ...demo, targets: [live] };
      const result = compare(baseline, snapshot, { now: new Date("2026-11-25T00:00:00Z") });
      expect(result.findings).toEqual([]);
      expect(result.targets[0]).toMatchObject({ key: targetKey(live), status: "ok" });
      expect(result.targets[0]?.principals).toBe(module.counts(live).principals);
    },
  );

  it.each(PROVIDER_IDS)(
    "module %s: a discovered instance is read as a valid target of its own scope",
    (id) => {
      const live = demo.targets.find(
        (t): t is SnapshotTargetOk => t.provider === id && t.status === "ok",
      ) as SnapshotTargetOk;
      const module = providerOf(live);
      const described = module.init.describe(live) as { projectId?: string };
      const scope = { region: live.region, projectId: described.projectId };
      const target = module.discovery.target(scope, live.instanceId, "prod");
      expect(module.targetSchema.safeParse(target).success).toBe(true);
      expect(targetKey(target)).toBe(targetKey(live));
      expect(target.credentials).toBe("prod");
      expect(typeof module.discovery.accessControlOff(live)).toBe("boolean");
    },
  );

  it.each(PROVIDER_IDS)("module %s: an error target is a valid snapshot entry", (id) => {
    const live = demo.targets.find((t) => t.provider === id) as SnapshotTargetOk;
    const module = providerOf(live);
    const target = module.init.describe(live);
    const error = { code: "X", message: "m", httpStatus: null };
    const failed = module.errorTarget(target, error);
    expect(module.snapshotSchemas.error.parse(failed)).toEqual(failed);
    expect(targetKey(failed as unknown as SnapshotTargetOk)).toBe(targetKey(live));
  });
});
