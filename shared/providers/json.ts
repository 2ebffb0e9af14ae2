// JSON text → zod-validated data for every provider: a body that is not JSON, or JSON not of the
// documented shape, becomes the provider's MalformedResponse error naming at most three problems by
// path. The parser's own message quotes the body (which may hold secrets), so it is never kept.
import type { z } from "zod";

/** Builds the provider's malformed-response error; `notJson` when the body did not even parse. */
export type Malformed = (problem: string, notJson: boolean) => Error;

/** The parsed value, or undefined for text that is not JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** `value` validated by `schema`, or the malformed error; issue paths start at `prefix`. */
export function validateJson<S extends z.ZodType>(
  schema: S,
  value: unknown,
  malformed: Malformed,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${formatPath([...prefix, ...i.path])}: ${i.message}`);
  throw malformed(issues.join("; "), false);
}

/** JSON text validated by `schema`, or the malformed error. */
export function decodeJson<S extends z.ZodType>(
  text: string,
  schema: S,
  malformed: Malformed,
): z.output<S> {
  const parsed = parseJson(text);
  if (parsed === undefined) throw malformed("body is not valid JSON", true);
  return validateJson(schema, parsed.value, malformed);
}

/** `data.items[0].name`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("") || "(root)"
  );
}
