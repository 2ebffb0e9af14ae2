// Cloud-side text (account, user, instance names, error messages) shown to people as it is, but
// never able to act on the screen: control characters (ESC sequences that repaint a terminal),
// newlines that forge extra lines, bidi overrides that reorder what is read, zero-width and other
// invisible characters that hide a difference. Each becomes a visible escape such as `\u202E`;
// a backslash is doubled so that an escape can be told from text that merely looks like one.

const HIDDEN =
  /[\\\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/gu;

const NAMED: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  if (ch === " ") return ch;
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase();
  return cp > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/** `text` with every control, format, separator and invisible character as a visible escape. */
export function visible(text: string): string {
  return text.replace(HIDDEN, escapeChar);
}
