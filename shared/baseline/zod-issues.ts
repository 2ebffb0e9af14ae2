// zod issues → messages a baseline author can act on ("expected one of …, got …"), not zod's defaults.
import { z } from "zod";
import type { PathIssue, PathSegment } from "../model/path.ts";

type Issue = z.core.$ZodIssue;

/** Turns zod issues for `data` (validated by `schema`) into path issues with human messages. */
export function describeZodIssues(
  issues: readonly Issue[],
  schema: z.ZodType,
  data: unknown,
): PathIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, schema, data));
}

function describeIssue(issue: Issue, schema: z.ZodType, data: unknown): PathIssue[] {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = objectKeysAt(schema, data, path);
      const hint = allowed ? ` (expected one of: ${allowed.join(", ")})` : "";
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}"${hint}`,
        at: "key" as const,
      }));
    }
    case "invalid_type":
      return [describeInvalidType(issue, path)];
    case "invalid_value":
      return [{ path, message: expectedOneOf(issue.values, issue.input) }];
    case "invalid_union":
      return [describeUnion(issue, path)];
    case "too_small":
      return [{ path, message: describeTooSmall(issue) }];
    case "invalid_format":
      return [{ path, message: describeFormat(issue) }];
    default:
      return [{ path, message: issue.message }];
  }
}

function describeInvalidType(issue: z.core.$ZodIssueInvalidType, path: PathSegment[]): PathIssue {
  if (issue.input === undefined) {
    return { path, message: `missing required key "${String(path.at(-1))}"`, at: "parent" };
  }
  const quoteHint =
    issue.expected === "string" && ["number", "boolean"].includes(typeof issue.input)
      ? " (quote it to make it a string)"
      : "";
  return {
    path,
    message: `expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}${quoteHint}`,
  };
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion, path: PathSegment[]): PathIssue {
  const key = issue.discriminator;
  if (key && "options" in issue && issue.options) {
    const options = issue.options.map(String).join(", ");
    const holder = issue.input as Record<string, unknown> | undefined;
    if (holder?.[key] === undefined) {
      return { path, message: `missing required key "${key}" (one of: ${options})`, at: "parent" };
    }
    return { path, message: expectedOneOf(issue.options, holder[key]) };
  }
  return { path, message: `${describeValue(issue.input)} matches none of the allowed forms` };
}

function describeTooSmall(issue: z.core.$ZodIssueTooSmall): string {
  if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
  if (issue.origin === "array") return `expected at least ${issue.minimum} item(s)`;
  return `expected at least ${issue.minimum}, got ${describeValue(issue.input)}`;
}

function describeFormat(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const got = describeValue(issue.input);
  // Schema authors write their own messages as "expected …"; zod's defaults don't read as well.
  if (issue.message.startsWith("expected ")) return `${issue.message}, got ${got}`;
  if (issue.format === "url") return `expected a URL such as https://host, got ${got}`;
  if (issue.format === "regex") return `expected text matching ${issue.pattern}, got ${got}`;
  return `expected ${issue.format}, got ${got}`;
}

function expectedOneOf(values: readonly unknown[], input: unknown): string {
  // Next to literal choices a bare `2` or `true` reads better than "number 2".
  const got = ["number", "boolean"].includes(typeof input) ? String(input) : describeValue(input);
  if (values.length === 1) return `expected ${String(values[0])}, got ${got}`;
  const near = values.find(
    (v) =>
      typeof v === "string" && typeof input === "string" && v.toLowerCase() === input.toLowerCase(),
  );
  const hint = near === undefined ? "" : ` (did you mean ${String(near)}?)`;
  return `expected one of ${values.map(String).join(", ")}, got ${got}${hint}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  object: "a map",
  record: "a map",
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** A short rendering of a YAML value for messages; never the whole subtree. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** The keys a strict object accepts at `path`, following the data through unions and containers. */
function objectKeysAt(
  schema: z.ZodType,
  data: unknown,
  path: readonly PathSegment[],
): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema, data);
  let value = data;
  for (const seg of path) {
    value = (value as Record<PathSegment, unknown> | undefined)?.[seg];
    current = unwrap(childSchema(current, seg), value);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}

function childSchema(schema: z.ZodType | undefined, seg: PathSegment): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) return schema.shape[String(seg)] as z.ZodType | undefined;
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodDiscriminatedUnion) {
    const key = s._zod.def.discriminator;
    const tag = (value as Record<string, unknown> | undefined)?.[key];
    const options = s.options as z.ZodType[];
    return options.find(
      (o) => o instanceof z.ZodObject && (o.shape[key] as z.ZodType).safeParse(tag).success,
    );
  }
  return s;
}
