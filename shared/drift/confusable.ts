// Names that look alike (after the idea of Unicode TR39's skeletons): an intruder named "аpp-orders"
// with a Cyrillic "а" hides next to the baseline's "app-orders". A skeleton is the name after NFKC,
// without invisible characters, with common Cyrillic and Greek look-alikes of Latin letters (and
// 0/O, 1/l/I, rn/m) mapped to one form; two different names with one skeleton are confusable.

const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "B",
  е: "e",
  к: "k",
  м: "m",
  н: "H",
  о: "o",
  р: "p",
  с: "c",
  т: "T",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "l",
  ј: "j",
  ԁ: "d",
  һ: "h",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  ɡ: "g",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  У: "Y",
  Х: "X",
  Ѕ: "S",
  І: "l",
  Ј: "J",
  Ү: "Y",
  Ԛ: "Q",
  Ԝ: "W",
  // Greek
  α: "a",
  ε: "e",
  ι: "l",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "T",
  υ: "u",
  χ: "x",
  γ: "y",
  ω: "w",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "l",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  // Latin and digits that pass for each other
  "0": "O",
  "1": "l",
  I: "l",
  "|": "l",
};

/** Characters that render as nothing: zero-width, bidi controls, soft hyphen, variation selectors, tags. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

export function skeleton(name: string): string {
  const plain = name.normalize("NFKC").replace(INVISIBLE, "");
  let out = "";
  for (const ch of plain) out += LOOKALIKES[ch] ?? ch;
  return out.replace(/rn/g, "m").normalize("NFD");
}

/** The characters of `name` that make it a look-alike, as `U+XXXX`. */
function suspicious(name: string): string[] {
  const out = new Set<string>();
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7e || cp < 0x20) out.add(`U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return [...out];
}

/**
 * For one target's declared principal names: a function giving, for an undeclared name, the sentence
 * a finding adds when that name is confusable with a declared one (empty when it is not). The
 * skeleton index is built on first use: most targets never have an undeclared principal.
 */
export function lookalikeNote(declared: Iterable<string>): (name: string) => string {
  let index: Map<string, string> | undefined;
  return (name) => {
    if (!index) {
      index = new Map();
      for (const d of declared) if (!index.has(skeleton(d))) index.set(skeleton(d), d);
    }
    const twin = index.get(skeleton(name));
    if (twin === undefined || twin === name) return "";
    const chars = suspicious(name);
    const which =
      chars.length > 0 ? ` (look-alike or invisible characters: ${chars.join(", ")})` : "";
    return ` Its name is confusable with the baseline's ${JSON.stringify(twin)}${which}: an intruder may be hiding behind a look-alike name.`;
  };
}
