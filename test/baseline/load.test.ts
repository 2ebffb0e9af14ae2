import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatValidationReport } from "../../shared/baseline/format.ts";
import { loadBaselineFile, parseBaseline } from "../../shared/baseline/load.ts";
import { InputError, ValidationError } from "../../shared/errors.ts";
import { FILE, problemsOf, yaml } from "../support/baselines.ts";

const ANCHORED = yaml(
  "version: 1",
  "targets:",
  "  - provider: alibaba",
  "    region: cn-hangzhou",
  "    instanceId: rmq-cn-1",
  "    accounts:",
  "      app-a: &app",
  "        status: ENABLE",
  "        acls: &acls",
  '          - { resource: "Topic:orders", decision: Allow, actions: [Pub] }',
  "      app-b:",
  "        <<: *app",
  "        status: DISABLE",
  "      app-c: { acls: *acls }",
);

describe("anchors and merge keys", () => {
  it("resolves aliases and merges, with the merging map's own keys winning", () => {
    const { baseline } = parseBaseline(ANCHORED, FILE);
    const target = baseline.targets[0];
    expect(target?.provider).toBe("alibaba");
    const accounts = target?.provider === "alibaba" ? target.accounts : undefined;
    const acl = { resource: "Topic:orders", decision: "Allow", actions: ["Pub"] };
    expect(accounts).toEqual({
      "app-a": { status: "ENABLE", acls: [acl] },
      "app-b": { status: "DISABLE", acls: [acl] },
      "app-c": { acls: [acl] },
    });
  });

  it("points at the anchored node when a merged value is wrong", () => {
    const text = ANCHORED.replace("status: ENABLE", "statsu: ENABLE");
    expect(problemsOf(text)).toEqual([
      `${FILE}:8:9  targets[0].accounts.app-a.statsu  unknown key "statsu" (expected one of: status, acls)`,
      `${FILE}:8:9  targets[0].accounts.app-b.statsu  unknown key "statsu" (expected one of: status, acls)`,
    ]);
  });

  it("rejects a merge of something that is not a map", () => {
    const text = yaml("base: &b 1", "version: 1", "targets: []", "x:", "  <<: *b");
    const [first] = problemsOf(text);
    expect(first).toMatch(
      /^policies\/test\.yaml {2}\(root\) {2}YAML error: Merge sources must be maps/,
    );
  });
});

describe("parseBaseline", () => {
  it("returns the baseline, its source and the SHA-256 of the text", () => {
    const loaded = parseBaseline(ANCHORED, "s3://bucket/prod.yaml");
    expect(loaded.source).toBe("s3://bucket/prod.yaml");
    expect(loaded.sha256).toBe(createHash("sha256").update(ANCHORED).digest("hex"));
  });

  it("throws one ValidationError carrying every issue", () => {
    const text = yaml("version: 1", "targets: {}", "extra: true");
    let caught: unknown;
    try {
      parseBaseline(text, FILE);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const err = caught as ValidationError;
    expect(err.issues).toEqual([
      { file: FILE, line: 2, column: 10, path: "targets", message: "expected a list, got a map" },
      {
        file: FILE,
        line: 3,
        column: 1,
        path: "extra",
        message:
          'unknown key "extra" (expected one of: version, defaults, waivers, credentials, discover, targets)',
      },
    ]);
    expect(err.message).toMatch(/^invalid baseline policies\/test\.yaml: 2 problem\(s\)\n/);
    expect(formatValidationReport(err)).toBe(
      [
        `${FILE}:2:10  targets  expected a list, got a map`,
        `${FILE}:3:1  extra  unknown key "extra" (expected one of: version, defaults, waivers, credentials, discover, targets)`,
        "2 problems found",
      ].join("\n"),
    );
  });

  it("quotes map keys that would make the path ambiguous", () => {
    const text = yaml(
      "version: 1",
      "targets:",
      "  - provider: alibaba",
      "    region: cn-hangzhou",
      "    instanceId: rmq-cn-1",
      "    accounts:",
      '      "app.orders": { status: on }',
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:7:31  targets[0].accounts["app.orders"].status  expected one of ENABLE, DISABLE, got "on"`,
    ]);
  });
});

describe("loadBaselineFile", () => {
  it("hashes the raw bytes and names the file in issues", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-baseline-"));
    const path = join(dir, "b.yaml");
    const bytes = Buffer.from(`\uFEFF${ANCHORED}`, "utf8");
    await writeFile(path, bytes);
    const loaded = await loadBaselineFile(path);
    expect(loaded.source).toBe(path);
    expect(loaded.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));

    await writeFile(path, "version: 1\ntargets: 3\n");
    await expect(loadBaselineFile(path)).rejects.toThrow(`${path}:2:10  targets  expected a list`);
  });

  it("throws an InputError naming a file that cannot be read or decoded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-baseline-"));
    const missing = join(dir, "nope.yaml");
    await expect(loadBaselineFile(missing)).rejects.toThrow(
      new InputError(`cannot read baseline ${missing}: ENOENT`),
    );
    const binary = join(dir, "bin.yaml");
    await writeFile(binary, Buffer.from([0x76, 0xff, 0xfe, 0x0a]));
    await expect(loadBaselineFile(binary)).rejects.toThrow(`baseline ${binary} is not UTF-8 text`);
  });
});
