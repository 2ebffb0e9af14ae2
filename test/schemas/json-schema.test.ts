// The checked-in JSON Schemas must be what the zod schemas generate today.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateJsonSchemas } from "../../scripts/json-schemas.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("policies/*.schema.json", () => {
  for (const { path, text } of generateJsonSchemas()) {
    it(`${path} is up to date`, async () => {
      const current = await readFile(`${root}${path}`, "utf8").catch(() => "(missing)");
      const stale = `${path} is stale: run \`npx tsx scripts/gen-schemas.ts\` and commit the result`;
      expect(current === text, stale).toBe(true);
    });
  }

  it("names each schema and uses draft 2020-12", () => {
    const docs = generateJsonSchemas().map(({ text }) => JSON.parse(text));
    expect(docs.map((d) => [d.$schema, d.$id, d.title])).toEqual([
      [
        "https://json-schema.org/draft/2020-12/schema",
        "urn:rmq-drift:schema:baseline:1",
        "rmq-drift baseline, version 1",
      ],
      [
        "https://json-schema.org/draft/2020-12/schema",
        "urn:rmq-drift:schema:report:1",
        "rmq-drift report, schema version 1",
      ],
    ]);
  });

  it("keeps the baseline strict: unknown keys are not allowed", () => {
    const [baseline] = generateJsonSchemas().map(({ text }) => JSON.parse(text));
    expect(baseline.additionalProperties).toBe(false);
    expect(baseline.required).toEqual(["version", "targets"]);
  });
});
