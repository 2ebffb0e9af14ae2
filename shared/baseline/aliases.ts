// How far YAML aliases may expand a document. Aliases themselves are fine — a baseline that points
// 500 accounts at one `&standard-acls` list is ordinary — but a "billion laughs" document (nested
// anchors, each aliased ten times) is a few hundred bytes that expand to 10^9 nodes. The measure is
// therefore the expansion, not the number of aliases: what aliases add may not exceed the larger of
// ALIAS_EXPANSION_FLOOR nodes and the number of nodes the file itself writes.
import { type Document, isAlias, isCollection, isPair, type Node, visit } from "yaml";

export const ALIAS_EXPANSION_FLOOR = 100_000;

export function aliasBudget(writtenNodes: number): number {
  return Math.max(ALIAS_EXPANSION_FLOOR, writtenNodes);
}

export function aliasLimitMessage(written: number): string {
  return (
    `YAML aliases expand this document by more than ${aliasBudget(written).toLocaleString("en")} nodes ` +
    `(the limit: what aliases add may not exceed ${ALIAS_EXPANSION_FLOOR.toLocaleString("en")} nodes ` +
    "or the number of nodes the file writes, whichever is larger); an expansion this large is how an " +
    "alias bomb looks, so the document is refused"
  );
}

/**
 * For plain data from a parser that shares aliased objects (js-yaml): the nodes written when the
 * expansion is over budget, undefined when it is within it. Sizes are memoised by identity, so a bomb is measured without being expanded; a
 * cycle is infinite.
 */
export function sharedValueOverBudget(value: unknown): { written: number } | undefined {
  const sizes = new Map<object, number>();
  let written = 0;
  const size = (v: unknown): number => {
    if (v === null || typeof v !== "object") {
      written++;
      return 1;
    }
    const known = sizes.get(v);
    if (known !== undefined) return known;
    sizes.set(v, Number.POSITIVE_INFINITY);
    // Map keys are nodes too, as in the Document measure below.
    const keys = Array.isArray(v) ? 0 : Object.keys(v).length;
    written += 1 + keys;
    let total = 1 + keys;
    for (const child of Object.values(v)) total += size(child);
    sizes.set(v, total);
    return total;
  };
  const expanded = size(value);
  return expanded - written > aliasBudget(written) ? { written } : undefined;
}

/**
 * For a parsed yaml Document: the offset of the alias at which the expansion first exceeds the
 * budget (for the error's line), or undefined when it stays within it.
 */
export function aliasOverBudget(
  doc: Document.Parsed,
): { offset: number; written: number } | undefined {
  const sizes = new Map<Node, number>();
  const size = (node: unknown): number => {
    if (isAlias(node)) return size(node.resolve(doc));
    if (!isCollection(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, Number.POSITIVE_INFINITY);
    let total = 1;
    for (const item of node.items) {
      total += isPair(item) ? size(item.key) + size(item.value) : size(item);
    }
    sizes.set(node, total);
    return total;
  };
  let written = 0;
  const aliases: Array<{ offset: number; adds: number }> = [];
  visit(doc, {
    Alias(_key, node) {
      written++;
      aliases.push({ offset: node.range?.[0] ?? 0, adds: size(node) - 1 });
    },
    Node() {
      written++;
    },
  });
  let added = 0;
  for (const alias of aliases) {
    added += alias.adds;
    if (added > aliasBudget(written)) return { offset: alias.offset, written };
  }
  return undefined;
}
