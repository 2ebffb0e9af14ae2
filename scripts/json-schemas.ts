// JSON Schemas generated from the zod contracts (DESIGN.md §3, §6), for editors and other tools.
import { z } from "zod";
import { BaselineSchema } from "../shared/baseline/schema.ts";
import { ReportSchema } from "../shared/report/schema.ts";

export interface GeneratedSchema {
  /** Path relative to the repository root. */
  path: string;
  /** File content: 2-space JSON with a trailing newline. */
  text: string;
}

const SCHEMAS = [
  {
    path: "policies/baseline.schema.json",
    schema: BaselineSchema,
    // What authors write, so the input side of the schema.
    io: "input",
    // No public URL is published yet; a URN names the contract without pretending to be fetchable.
    $id: "urn:rmq-drift:schema:baseline:1",
    title: "rmq-drift baseline, version 1",
    description: "Expected accounts, users, ACLs and whitelists of managed RocketMQ instances.",
  },
  {
    path: "policies/report.schema.json",
    schema: ReportSchema,
    // What rmq-drift writes, so the output side.
    io: "output",
    $id: "urn:rmq-drift:schema:report:1",
    title: "rmq-drift report, schema version 1",
    description: "One audit run: status, summary, per-target results and drift findings.",
  },
] as const;

export function generateJsonSchemas(): GeneratedSchema[] {
  return SCHEMAS.map(({ path, schema, io, ...meta }) => {
    const { $schema, ...body } = z.toJSONSchema(schema, { target: "draft-2020-12", io });
    // Identity first, so a reader of the file sees what it is before the first property.
    const document = { $schema, ...meta, ...body };
    return { path, text: `${JSON.stringify(document, null, 2)}\n` };
  });
}
