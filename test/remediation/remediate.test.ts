// Remediation from finding + baseline + snapshot: a golden file for the varied scenario, baseline
// positions that point at the broken expectation, and `accept` fragments that really make the
// baseline match the cloud (applied to a copy of the baseline, the finding is gone).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { remediationFor } from "../../shared/audit/remediation.ts";
import { parseBaseline } from "../../shared/baseline/load.ts";
import type { Baseline } from "../../shared/baseline/schema.ts";
import { compare } from "../../shared/drift/compare.ts";
import type { Finding } from "../../shared/model/finding.ts";
import { scenarioBaseline, scenarioNow, scenarioSnapshot } from "../drift/scenario.ts";
import { oddNamesBaseline, oddNamesSnapshot } from "./odd-names.ts";

const update = process.env.UPDATE_GOLDEN === "1";

function findingsOf(baseline: Baseline, snapshot = scenarioSnapshot): Finding[] {
  return compare(baseline, snapshot, { now: scenarioNow }).findings;
}

describe("remediation", () => {
  it("matches the golden file for the varied scenario", () => {
    const remediate = remediationFor(scenarioBaseline, scenarioSnapshot);
    const out = findingsOf(scenarioBaseline).map((f) => ({
      at: [f.target, f.principal, f.resource, f.field, f.kind].join(" "),
      remediation: remediate(f),
    }));
    const file = fileURLToPath(new URL("./golden/scenario.json", import.meta.url));
    const text = `${JSON.stringify(out, null, 2)}\n`;
    if (update) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, "utf8"));
  });

  it("locates each finding at the line of the expectation it breaks", () => {
    const text = stringify(scenarioBaseline);
    const loaded = parseBaseline(text, "policies/scenario.yaml");
    const lines = text.split("\n");
    const remediate = remediationFor(loaded.baseline, scenarioSnapshot, loaded.locate);
    const checks: Array<[string, string]> = [];
    for (const f of findingsOf(loaded.baseline)) {
      const loc = remediate(f).location;
      expect(loc?.line, `${f.field} ${f.kind}`).toBeTypeOf("number");
      const line = lines[(loc?.line ?? 0) - 1] ?? "";
      if (f.kind === "changed" && f.resource?.startsWith("Topic:") && f.field !== "topicPerm")
        checks.push([line, f.field]);
      if (f.field === "status" || f.field === "admin" || f.field === "vpcAuthFree")
        checks.push([line, f.field]);
    }
    expect(checks.length).toBeGreaterThan(5);
    for (const [line, key] of checks) expect(line).toContain(`${key}:`);
  });

  it("revert operations carry placeholders, never values the baseline cannot know", () => {
    const remediate = remediationFor(scenarioBaseline, scenarioSnapshot);
    const ops = findingsOf(scenarioBaseline).flatMap((f) => remediate(f).revert);
    const create = ops.find((o) => o.operation === "CreateInstanceAccount");
    expect((create?.body as { password?: string } | undefined)?.password).toMatch(
      /^<a new password for .+>$/,
    );
    const user = ops.find((o) => o.operation === "CreateUser");
    expect((user?.body as { secret_key?: string } | undefined)?.secret_key).toMatch(
      /^<a new secret key for .+>$/,
    );
  });

  it("an unreadable target has nothing to revert or accept", () => {
    const remediate = remediationFor(scenarioBaseline, scenarioSnapshot);
    const unreadable = findingsOf(scenarioBaseline).filter((f) => f.kind === "unreadable");
    expect(unreadable.length).toBeGreaterThan(0);
    for (const f of unreadable) expect(remediate(f)).toMatchObject({ revert: [], accept: null });
  });

  it.each([
    ["the varied scenario", scenarioBaseline, scenarioSnapshot],
    ["odd names", oddNamesBaseline, oddNamesSnapshot],
  ] as const)("every accept fragment of %s, applied, removes its finding", (_n, base, snap) => {
    const remediate = remediationFor(base, snap);
    const findings = findingsOf(base, snap).filter((f) => f.kind !== "unreadable");
    expect(findings.length).toBeGreaterThan(3);
    for (const f of findings) {
      const accept = remediate(f).accept;
      expect(accept, `${f.field} ${f.kind}`).not.toBeNull();
      const patched = applyFragment(base, accept ?? "");
      const again = findingsOf(patched, snap).map((x) => x.id);
      expect(again, `${f.target} ${f.principal} ${f.resource} ${f.field} ${f.kind}`).not.toContain(
        f.id,
      );
    }
  });
});

// A reader's way of applying a fragment: find the path in its comment line and set/add/remove there.
function applyFragment(baseline: Baseline, fragment: string): Baseline {
  const copy = structuredClone(baseline) as unknown as Record<string, unknown>;
  const [head = "", ...rest] = fragment.split("\n");
  const m = /^# (set in|add to|replace|remove) (.+?)( \(.*\))?$/.exec(head);
  if (!m) throw new Error(`no path in ${head}`);
  const path = parsePath(m[2] ?? "");
  const value = parse(rest.join("\n"));
  if (m[1] === "replace") {
    const parent = walk(copy, path.slice(0, -1), true) as unknown[];
    parent[path.at(-1) as number] = (value as unknown[])[0];
  } else if (m[1] === "remove") {
    const parent = walk(copy, path.slice(0, -1), false) as Record<string, unknown> | unknown[];
    const last = path.at(-1) as string | number;
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last as string];
  } else {
    const node = walk(copy, path, Array.isArray(value) && m[1] === "add");
    if (Array.isArray(node) && Array.isArray(value)) {
      if (m[1] === "add") node.push(...value);
      else node.splice(0, node.length, ...value);
    } else Object.assign(node as object, value);
  }
  return copy as unknown as Baseline;
}

function walk(root: unknown, path: (string | number)[], list: boolean): unknown {
  let node = root as Record<string | number, unknown>;
  for (const [i, seg] of path.entries()) {
    if (node[seg] === undefined) node[seg] = i === path.length - 1 && list ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  }
  return node;
}

function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of text.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
