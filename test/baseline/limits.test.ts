// Issue 15 items 6 and 9: bounded input (a size limit, an alias-expansion budget instead of yaml's
// 100-alias count), a fast parse that agrees with the positioned one, and the checksum cache.
import { mkdtemp, readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALIAS_EXPANSION_FLOOR } from "../../shared/baseline/aliases.ts";
import { loadBaselineFile, MAX_BASELINE_BYTES, parseBaseline } from "../../shared/baseline/load.ts";
import { parseYamlSource } from "../../shared/baseline/yaml-doc.ts";
import { parseYamlFast } from "../../shared/baseline/yaml-fast.ts";
import { InputError, ValidationError } from "../../shared/errors.ts";
import { FILE, yaml } from "../support/baselines.ts";

const HEAD = ["version: 1", "targets:", "  - provider: alibaba", "    region: cn-hangzhou"];

/** `count` accounts sharing one anchored ACL list: ordinary use of aliases. */
function sharedAcls(count: number): string {
  const lines = [...HEAD, "    instanceId: rmq-cn-1", "    accounts:"];
  lines.push(
    "      app-0:",
    "        acls: &std",
    '          - { resource: "Topic:orders", decision: Allow, actions: [Pub] }',
  );
  for (let i = 1; i < count; i++) lines.push(`      app-${i}: { status: ENABLE, acls: *std }`);
  return yaml(...lines);
}

/** Ten levels of ten aliases each: a few hundred bytes that expand to 10^10 nodes. */
function aliasBomb(): string {
  const lines = [...HEAD, "    instanceId: rmq-cn-1", '    name: &l0 "lol"'];
  for (let level = 1; level <= 10; level++) {
    const refs = Array.from({ length: 10 }, () => `*l${level - 1}`).join(", ");
    lines.push(`    x${level}: &l${level} [${refs}]`);
  }
  return yaml(...lines);
}

describe("YAML aliases", () => {
  it("a baseline with 500 aliases of one ACL list is ordinary use, not an attack", () => {
    const { baseline } = parseBaseline(sharedAcls(501), FILE);
    const target = baseline.targets[0];
    const accounts = target?.provider === "alibaba" ? target.accounts : {};
    expect(Object.keys(accounts ?? {})).toHaveLength(501);
    expect(accounts?.["app-500"]?.acls).toEqual(accounts?.["app-0"]?.acls);
  });

  it("an expansion bomb is refused, quickly, naming the limit and the alias's line", () => {
    const started = Date.now();
    const err = (() => {
      try {
        parseBaseline(aliasBomb(), FILE);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    const issue = (err as ValidationError).issues[0];
    expect(issue?.message).toContain("alias");
    expect(issue?.message).toContain(ALIAS_EXPANSION_FLOOR.toLocaleString("en"));
    // The first alias whose expansion crosses the budget: level 6 (10^6 nodes) is on line 11.
    expect(issue?.line).toBe(11);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("baseline size", () => {
  it("a file above the limit is refused before it is read, with the limit in the message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-size-"));
    const path = join(dir, "huge.yaml");
    await writeFile(path, "");
    await truncate(path, MAX_BASELINE_BYTES + 1);
    const err = await loadBaselineFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/above the 128\.0 MiB limit/);
  });
});

describe("fast parse", () => {
  it("gives the same data as the positioned parse for every baseline in the repository", async () => {
    const files = (await readdir("policies")).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = await readFile(join("policies", file), "utf8");
      expect(parseYamlFast(text)?.value, file).toEqual(parseYamlSource(text).value);
    }
  });

  it("hands what only the positioned parse can place to it: duplicate keys, syntax errors, bombs", () => {
    expect(parseYamlFast("a: 1\na: 2\n").fatal).toBe(true);
    const syntax = parseYamlFast("a: 1\nb: [1\n");
    expect(syntax.fatal).toBe(true);
    // Its own problem still has a line, for a file too large to be parsed with positions.
    expect(syntax.problems[0]?.position?.line).toBeGreaterThanOrEqual(2);
    expect(parseYamlFast(aliasBomb()).problems[0]?.message).toContain("alias bomb");
  });
});

describe("checksum cache", () => {
  it("an unchanged baseline is not parsed again; a changed one is", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-cache-"));
    const path = join(dir, "baseline.yaml");
    await writeFile(path, sharedAcls(3));
    const first = await loadBaselineFile(path);
    expect(await loadBaselineFile(path)).toBe(first);
    await writeFile(path, sharedAcls(4));
    const changed = await loadBaselineFile(path);
    expect(changed).not.toBe(first);
    expect(changed.sha256).not.toBe(first.sha256);
  });
});
