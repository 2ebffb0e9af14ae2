// Makes invisible and layout-changing characters in cloud-side text visible, so a hostile name cannot
// hide itself, fake a line, reorder what is shown (bidi overrides) or drive a terminal (ESC). Each
// such character becomes a JavaScript-style escape (`\n`, `\x1b`, `\u202e`) and a backslash becomes
// `\\`, so the escaped text says unambiguously what the cloud holds. Used by every human-facing
// rendering of names and messages (chat alerts, terminal, Markdown).

// C0 and C1 controls, DEL; bidi marks, embeddings, overrides and isolates; zero-width characters and
// the BOM; line and paragraph separators; the soft hyphen, which displays as nothing.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\\]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\" };

export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => NAMED[c] ?? escapeCode(c.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}
