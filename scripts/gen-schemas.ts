// Regenerates policies/*.schema.json from the zod schemas: `npx tsx scripts/gen-schemas.ts`.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { generateJsonSchemas } from "./json-schemas.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

for (const { path, text } of generateJsonSchemas()) {
  await writeFile(`${root}${path}`, text);
  console.log(`wrote ${path}`);
}
