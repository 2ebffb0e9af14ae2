// Baseline YAML fragments for `remediation.accept`, written the way `rmq-drift init` writes a baseline
// (flow-style ACL entries and scalar lists), under a comment naming where in the baseline they go.
import { Document, isScalar, visit } from "yaml";
import { formatPath, type PathSegment } from "../../model/path.ts";

/** `value` to be set at `path`: a map key is shown with its parent, a list item replaced in place. */
export function setFragment(path: readonly PathSegment[], value: unknown): string {
  const key = path.at(-1);
  if (typeof key === "number") return `# replace ${formatPath(path)}\n${render([value])}`;
  return `# set in ${formatPath(path.slice(0, -1))}\n${render({ [String(key)]: value })}`;
}

/** `value` added to the list or map at `path`. */
export function addFragment(path: readonly PathSegment[], value: unknown): string {
  return `# add to ${formatPath(path)}\n${render(value)}`;
}

/** The entry at `path` removed; `what` names it for the reader. */
export function removeFragment(path: readonly PathSegment[], what: string): string {
  return `# remove ${formatPath(path)} (${what})\n`;
}

function render(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Map(_, node) {
      if (node.items.some((pair) => isScalar(pair.key) && pair.key.value === "resource"))
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
