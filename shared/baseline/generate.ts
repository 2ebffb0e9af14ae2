// Snapshot → baseline YAML that describes exactly the live state (`rmq-drift init`). Output is sorted
// so that re-running on an unchanged instance gives the same bytes.
import { Document, isMap, isScalar, visit } from "yaml";
import { byText } from "../model/order.ts";
import { formatPath, type PathSegment } from "../model/path.ts";
import { targetKey } from "../model/snapshot.ts";
import {
  type BaselineTarget,
  type DiscoverEntry,
  providerOf,
  type SnapshotTarget,
} from "../providers/index.ts";
import { checkTarget } from "./check-target.ts";

export interface GenerateOptions {
  /** Free text put under the header as YAML comments (e.g. who generated it, from what). */
  comment?: string;
  /** `$schema` for editors; relative to where the file will live. */
  schema?: string;
  /** `discover:` entries to write (a whole-region `init`). */
  discover?: readonly DiscoverEntry[];
}

/** A risky value written into the baseline, as `init` summarises it. */
export interface Reviewed {
  target: string;
  path: string;
  note: string;
}

export const DEFAULT_SCHEMA_REF = "./baseline.schema.json";

// Rendered ACL entries start 12 columns in ("- " under `acls:`).
const ACL_FLOW_WIDTH = 106;
const LINE_WIDTH = 120;

export function generateBaseline(targets: SnapshotTarget[], options: GenerateOptions = {}): string {
  return generateReviewedBaseline(targets, options).yaml;
}

/** The baseline, with a `# review:` comment above each risky value, and the list of them. */
export function generateReviewedBaseline(
  targets: SnapshotTarget[],
  options: GenerateOptions = {},
): { yaml: string; reviewed: Reviewed[] } {
  const header = [`# yaml-language-server: $schema=${options.schema ?? DEFAULT_SCHEMA_REF}`];
  if (options.comment)
    header.push(
      ...options.comment
        .trimEnd()
        .split("\n")
        .map((l) => `# ${l}`.trimEnd()),
    );
  const described: BaselineTarget[] = [];
  const sorted = [...targets].sort((a, b) => byText(targetKey(a), targetKey(b)));
  for (const target of sorted) {
    if (target.status !== "ok") {
      header.push(`# Skipped ${targetKey(target)}: unreadable (${target.error.code}).`);
      continue;
    }
    const value = providerOf(target).init.describe(target);
    header.push(...omitInexpressible(value, described.length));
    described.push(value);
  }
  const discover = options.discover?.length ? { discover: options.discover } : {};
  const doc = new Document({ version: 1, ...discover, targets: described });
  compactLeaves(doc);
  const reviewed = described.flatMap((target, i) => markReviews(doc, target, i));
  const yaml = `${header.join("\n")}\n${doc.toString({ lineWidth: LINE_WIDTH, flowCollectionPadding: false })}`;
  return { yaml, reviewed };
}

function markReviews(doc: Document, target: BaselineTarget, index: number): Reviewed[] {
  const marked: Reviewed[] = [];
  for (const { path, note } of providerOf(target).init.review(target)) {
    const at = ["targets", index, ...path];
    const last = path.at(-1);
    // A map key carries the comment above its line; a list item carries its own.
    const parent = doc.getIn(at.slice(0, -1), true);
    const node =
      typeof last === "number"
        ? (doc.getIn(at, true) as { commentBefore?: string | null } | undefined)
        : isMap(parent)
          ? (parent.items.find((p) => isScalar(p.key) && p.key.value === last)?.key as
              | { commentBefore?: string | null }
              | undefined)
          : undefined;
    if (!node) continue;
    node.commentBefore = ` review: ${note}`;
    marked.push({ target: targetKey(target), path: formatPath(path), note });
  }
  return marked;
}

/** Deletes fields the checks reject and returns comment lines saying what was left out and why. */
function omitInexpressible(target: BaselineTarget, index: number): string[] {
  // Fields a baseline may leave out (= not checked). A live value the baseline grammar cannot hold
  // (a group granted PUB, a whitelist our parser rejects) is left out rather than written invalid.
  const omittable = new Set(providerOf(target).init.omittable);
  const notes: string[] = [];
  for (const issue of checkTarget(target, [], () => undefined)) {
    const cut = issue.path.findLastIndex((seg) => typeof seg === "string" && omittable.has(seg));
    if (cut < 0) continue;
    const fieldPath = issue.path.slice(0, cut + 1);
    if (deletePath(target, fieldPath)) {
      const where = formatPath(["targets", index, ...fieldPath]);
      notes.push(
        `# Not checked, the live value cannot be written in a baseline: ${where} (${issue.message})`,
      );
    }
  }
  return notes;
}

function deletePath(root: object, path: readonly PathSegment[]): boolean {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) node = (node as Record<PathSegment, unknown>)?.[seg];
  const last = path.at(-1);
  if (node === null || typeof node !== "object" || last === undefined || !(last in node))
    return false;
  delete (node as Record<PathSegment, unknown>)[last];
  return true;
}

/** Lists of scalars and ACL entries in flow style, as in the documentation's examples. */
function compactLeaves(doc: Document): void {
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Map(_, node) {
      const isAcl = node.items.some((pair) => isScalar(pair.key) && pair.key.value === "resource");
      // A flow map too wide for one line would wrap into something harder to read than block style.
      if (isAcl && flowWidth(node.toJSON()) <= ACL_FLOW_WIDTH) node.flow = true;
    },
  });
}

/** Roughly the width of a value in YAML flow style: its JSON without the quotes. */
function flowWidth(value: unknown): number {
  return JSON.stringify(value).replaceAll('"', "").length;
}
