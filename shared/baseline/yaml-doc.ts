// YAML → plain data, keeping enough of the node tree to point any document path at a line:column.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Pair,
  parseDocument,
  type YAMLError,
} from "yaml";
import type { PathIssue, PathSegment } from "../model/path.ts";
import { aliasLimitMessage, aliasOverBudget } from "./aliases.ts";

export interface Position {
  line: number;
  column: number;
}

export interface PositionedProblem {
  path: readonly PathSegment[];
  message: string;
  position: Position | undefined;
}

export interface YamlSource {
  value: unknown;
  /** YAML-level problems: syntax errors, duplicate keys, unusable aliases. */
  problems: PositionedProblem[];
  /** True when the problems leave no data worth validating further. */
  fatal: boolean;
  /** The position of the node an issue is about (see `PathIssue.at`). */
  locate(issue: Pick<PathIssue, "path" | "at">): Position | undefined;
}

type Doc = Document.Parsed;

export function parseYamlSource(text: string): YamlSource {
  const lines = new LineCounter();
  // YAML 1.2 core schema keeps `2027-01-31` a string; `merge` turns on `<<` keys explicitly.
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  const pos = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line: Math.max(line, 1), column: col };
  };
  const locate = (issue: Pick<PathIssue, "path" | "at">) => {
    const offset = locateOffset(doc, issue.path, issue.at ?? "value");
    return offset === undefined ? undefined : pos(offset);
  };
  const problems = doc.errors.map((e) => describeYamlError(doc, e, pos));
  // Duplicate keys leave a usable document (last one wins), so validation can still go on.
  const fatal = doc.errors.some((e) => e.code !== "DUPLICATE_KEY");
  if (fatal) return { value: undefined, problems, fatal, locate };
  const bomb = aliasOverBudget(doc);
  if (bomb) {
    problems.push({
      path: [],
      message: aliasLimitMessage(bomb.written),
      position: pos(bomb.offset),
    });
    return { value: undefined, problems, fatal: true, locate };
  }
  try {
    // Our expansion budget replaces yaml's alias count (100), which refuses ordinary baselines.
    return { value: doc.toJS({ maxAliasCount: -1 }), problems, fatal, locate };
  } catch (err) {
    // toJS throws for unusable merges (`<<: *scalar`).
    const message = err instanceof Error ? err.message : String(err);
    problems.push({ path: [], message: `YAML error: ${message}`, position: undefined });
    return { value: undefined, problems, fatal: true, locate };
  }
}

function describeYamlError(
  doc: Doc,
  e: YAMLError,
  pos: (offset: number) => Position,
): PositionedProblem {
  const position = pos(e.pos[0]);
  if (e.code === "DUPLICATE_KEY") {
    const path = pathOfKeyAt(doc.contents, e.pos[0], []);
    if (path) {
      const key = String(path[path.length - 1]);
      return { path, message: `duplicate key "${key}" (each key may appear once)`, position };
    }
  }
  return { path: [], message: `YAML syntax error: ${e.message}`, position };
}

/** Finds the document path of the map key that starts at `offset`. */
function pathOfKeyAt(
  node: unknown,
  offset: number,
  path: PathSegment[],
): PathSegment[] | undefined {
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const found = pathOfKeyAt(item, offset, [...path, i]);
      if (found) return found;
    }
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyName(pair);
      if (key === undefined) continue;
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) return [...path, key];
      const found = pathOfKeyAt(pair.value, offset, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function keyName(pair: Pair): string | undefined {
  if (!isScalar(pair.key) || typeof pair.key.value === "symbol") return undefined;
  return String(pair.key.value);
}

function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === "symbol";
}

function deref(doc: Doc, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** Per map, its own pairs by key (the first of duplicates): lookups stay O(1) in 80,000-key maps. */
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function ownPair(map: { items: Pair[] }, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const name = keyName(pair);
      if (name !== undefined && !index.has(name)) index.set(name, pair);
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** The pair for `key` in a map: its own pairs first, then `<<` sources in order (YAML merge rules). */
function findPair(doc: Doc, map: unknown, key: string, depth = 0): Pair | undefined {
  const node = deref(doc, map);
  if (!isMap(node) || depth > 20) return undefined;
  const own = ownPair(node as { items: Pair[] }, key);
  if (own) return own;
  for (const pair of node.items.filter(isMergePair)) {
    const source = deref(doc, pair.value);
    const sources = isSeq(source) ? source.items : [source];
    for (const s of sources) {
      const found = findPair(doc, s, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

/** Walks the node tree along `path`; falls back to the deepest node found when a step is absent. */
function locateOffset(
  doc: Doc,
  path: readonly PathSegment[],
  at: "value" | "key" | "parent",
): number | undefined {
  const steps = at === "parent" ? path.slice(0, -1) : path;
  let node: unknown = doc.contents;
  let lastKey: unknown;
  let fallback = startOf(node);
  for (const seg of steps) {
    const current = deref(doc, node);
    if (isSeq(current) && typeof seg === "number") {
      node = current.items[seg];
      lastKey = undefined;
    } else {
      const pair = findPair(doc, current, String(seg));
      node = pair?.value;
      lastKey = pair?.key;
    }
    if (node === undefined && lastKey === undefined) return fallback;
    fallback = startOf(deref(doc, node)) ?? startOf(lastKey) ?? fallback;
  }
  if (at === "key" && lastKey !== undefined) return startOf(lastKey) ?? fallback;
  return fallback;
}
