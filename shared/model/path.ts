// Document paths as users read them: `targets[0].accounts.app-orders.acls[1].resource`.

export type PathSegment = string | number;

/** A problem found at a document path, before it is given a file position. */
export interface PathIssue {
  path: readonly PathSegment[];
  message: string;
  /**
   * Which YAML node the position points at: the value at `path` (default), the key that ends
   * `path` (unknown keys), or the map holding it (missing keys, which have no node of their own).
   */
  at?: "value" | "key" | "parent";
}

// Map keys that would read ambiguously in a dotted path (dots, brackets, spaces) are quoted.
// Control characters are quoted too, so they show as JSON escapes instead of acting on a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const PLAIN_KEY = /^[^\s.[\]"'`\u0000-\u001f\u007f-\u009f]+$/;

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (!PLAIN_KEY.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

/** Line of the node at a path, to name where a duplicate was first defined. */
export type LineOf = (path: readonly PathSegment[]) => number | undefined;
