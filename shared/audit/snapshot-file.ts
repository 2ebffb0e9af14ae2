// Offline mode: a stored snapshot.json, validated against the §4 schema before anything uses it.
import { readFile } from "node:fs/promises";
import { InputError, type InputIssue, ValidationError } from "../errors.ts";
import { targetKey } from "../model/snapshot.ts";
import { providerOf, type Snapshot, SnapshotSchema } from "../providers/index.ts";

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
  if (parsed.success) {
    const duplicates = findDuplicates(parsed.data, source);
    if (duplicates.length === 0) return parsed.data;
    throw new ValidationError(`invalid snapshot ${source}`, duplicates);
  }
  throw new ValidationError(
    `invalid snapshot ${source}`,
    parsed.error.issues.map((issue) => ({
      file: source,
      path: formatPath(issue.path),
      message: issue.message,
    })),
  );
}

/**
 * A target or principal twice would be compared once, the first copy winning (a `DISABLE` copy
 * could hide an `ENABLE` one): the snapshot is refused, naming each repeat and its first place.
 */
function findDuplicates(snapshot: Snapshot, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const repeats = <T>(
    items: readonly T[],
    keyOf: (item: T) => string,
    report: (key: string, first: number, at: number) => void,
  ) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const key = keyOf(item);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, i);
      else report(key, seen, i);
    });
  };
  repeats(snapshot.targets, targetKey, (key, first, at) =>
    issues.push({
      file,
      path: `targets[${at}]`,
      message: `duplicate target ${key} (first at targets[${first}])`,
    }),
  );
  snapshot.targets.forEach((t, ti) => {
    if (t.status !== "ok") return;
    const access = providerOf(t).principals;
    const field = access.key;
    // The permission model names its principals: ACL 2.0 by username, 4.x plain ACL by access key.
    const [list, name] =
      access.model === "acl2"
        ? [access.actual(t).map((a) => a.username), "username"]
        : [access.actual(t).map((u) => u.accessKey), "accessKey"];
    repeats(
      list,
      (n) => n,
      (key, first, at) =>
        issues.push({
          file,
          path: `targets[${ti}].${field}[${at}].${name}`,
          message: `duplicate principal ${JSON.stringify(key)} in ${targetKey(t)} (first at ${field}[${first}])`,
        }),
    );
  });
  return issues;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}
