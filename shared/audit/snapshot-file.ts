// Offline mode: a stored snapshot.json, validated against the §4 schema before anything uses it.

import { readFile } from "node:fs/promises";
import { InputError, ValidationError } from "../errors.ts";
import { type Snapshot, SnapshotSchema } from "../providers/index.ts";

export async function loadSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read snapshot ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseSnapshot(text, path);
}

export function parseSnapshot(text: string, source: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`snapshot ${source} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = SnapshotSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `invalid snapshot ${source}`,
    parsed.error.issues.map((issue) => ({
      file: source,
      path: formatPath(issue.path),
      message: issue.message,
    })),
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}
