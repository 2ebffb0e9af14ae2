// The valid parts of a baseline that failed its schema, so the semantic checks can still run on them
// and report everything in one pass instead of one stage at a time.

import { z } from "zod";
import { BaselineTargetSchema } from "../providers/index.ts";
import type { BaselineParts, Indexed } from "./check.ts";
import { type BaselineTarget, type Waiver, WaiverSchema } from "./schema.ts";

type Salvaged = { ok: true; value: unknown } | { ok: false };
const FAIL: Salvaged = { ok: false };

/**
 * Targets and waivers that are valid, or become valid by dropping invalid optional fields, invalid
 * map entries and unknown keys. Lists are kept whole or not at all, so list indices stay true.
 */
export function salvageParts(value: unknown): BaselineParts {
  const doc = isObject(value) ? value : {};
  const targets = salvageList<BaselineTarget>(doc.targets, BaselineTargetSchema);
  const waivers = salvageList<Waiver>(doc.waivers, WaiverSchema);
  const allTargetsValid = Array.isArray(doc.targets) && targets.length === doc.targets.length;
  return { targets, waivers, allTargetsValid, profiles: profileProviders(doc.credentials) };
}

function salvageList<T>(list: unknown, schema: z.ZodType<T>): Indexed<T>[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) => {
    const result = salvage(schema, item);
    return result.ok ? [{ index, value: result.value as T }] : [];
  });
}

function salvage(schema: z.ZodType, value: unknown): Salvaged {
  const direct = schema.safeParse(value);
  if (direct.success) return { ok: true, value: direct.data };
  if (schema instanceof z.ZodOptional) return salvage(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodDiscriminatedUnion && isObject(value)) {
    const key = schema._zod.def.discriminator;
    const option = (schema.options as z.ZodType[]).find(
      (o) => o instanceof z.ZodObject && (o.shape[key] as z.ZodType).safeParse(value[key]).success,
    );
    return option ? salvage(option, value) : FAIL;
  }
  if (schema instanceof z.ZodObject && isObject(value)) return salvageObject(schema, value);
  if (schema instanceof z.ZodRecord && isObject(value)) {
    const entries = Object.entries(value).flatMap(([k, v]) => {
      const result = salvage(schema.valueType as z.ZodType, v);
      return result.ok ? [[k, result.value] as const] : [];
    });
    return reparse(schema, Object.fromEntries(entries));
  }
  return FAIL;
}

function salvageObject(schema: z.ZodObject, value: Record<string, unknown>): Salvaged {
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    if (!(key in value)) continue;
    const result = salvage(field, value[key]);
    if (result.ok) kept[key] = result.value;
    else if (!(field instanceof z.ZodOptional)) return FAIL;
  }
  return reparse(schema, kept);
}

function reparse(schema: z.ZodType, value: unknown): Salvaged {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : FAIL;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Profile names with the provider each claims, read leniently (the schema reports the rest). */
function profileProviders(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [name, profile] of Object.entries(value)) {
    const provider = (profile as { provider?: unknown } | null)?.provider;
    out[name] = typeof provider === "string" ? provider : "";
  }
  return out;
}
