// The fast way from YAML text to plain data, for the common case of a valid baseline: js-yaml builds
// no positioned node tree (the `yaml` Document costs ~10x the time and memory on large files). Any
// doubt — a syntax error, a duplicate key, an expansion over the alias budget — is a `problem`, and
// the caller takes the positioned path (yaml-doc.ts), whose verdict and messages then stand; only
// for a file too large for that path are these problems (and the data) used as they are.
import * as jsyaml from "js-yaml";
import { aliasLimitMessage, sharedValueOverBudget } from "./aliases.ts";
import type { YamlSource } from "./yaml-doc.ts";

// js-yaml exports its built-in types at runtime; the type declarations omit them.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
// YAML 1.2 core (so `2027-01-31` stays a string) plus `<<` merge keys, as in the positioned parse.
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

/** Same shape as the positioned parse; `locate` knows no positions, and `fatal` means a problem. */
export function parseYamlFast(text: string): YamlSource {
  const locate = () => undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: SCHEMA });
  } catch (err) {
    const mark = err instanceof jsyaml.YAMLException ? err.mark : undefined;
    const reason = err instanceof jsyaml.YAMLException ? err.reason : String(err);
    const position = mark ? { line: mark.line + 1, column: mark.column + 1 } : undefined;
    const problem = { path: [], message: `YAML error: ${reason}`, position };
    return { value: undefined, problems: [problem], fatal: true, locate };
  }
  const bomb = sharedValueOverBudget(value);
  if (bomb) {
    const problem = { path: [], message: aliasLimitMessage(bomb.written), position: undefined };
    return { value: undefined, problems: [problem], fatal: true, locate };
  }
  return { value, problems: [], fatal: false, locate };
}
