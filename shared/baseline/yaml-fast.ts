// The fast way from YAML text to plain data, for the common case of a valid baseline: js-yaml builds
// no positioned node tree (the `yaml` Document costs ~10x the time and memory on large files). Any
// doubt — a syntax error, a duplicate key, an expansion over the alias budget — answers undefined,
// and the caller takes the positioned path (yaml-doc.ts), whose verdict and messages then stand.
import * as jsyaml from "js-yaml";
import { sharedValueWithinBudget } from "./aliases.ts";

// js-yaml exports its built-in types at runtime; the type declarations omit them.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
// YAML 1.2 core (so `2027-01-31` stays a string) plus `<<` merge keys, as in the positioned parse.
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

export function parseYamlFast(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: SCHEMA });
  } catch {
    return undefined;
  }
  return sharedValueWithinBudget(value) ? { value } : undefined;
}
