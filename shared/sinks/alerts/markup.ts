// How each chat platform marks text up, and how untrusted text (names and messages from the cloud) is
// made inert in it, each platform its own way. Every style first makes invisible characters visible
// (`visible`: control characters, ESC, bidi overrides, zero-width characters), then neutralises the
// platform's own markup characters the way that platform allows.
import { visible } from "../../report/visible.ts";

export interface MarkupStyle {
  bold(text: string): string;
  link(url: string, label: string): string;
  /** Makes untrusted text inert in this markup. */
  escape(text: string): string;
  /** Whether a single newline collapses (Markdown), so separate lines need a blank line between. */
  joinsLines: boolean;
}

export const PLAIN: MarkupStyle = {
  bold: (t) => t,
  link: (url) => url,
  escape: visible,
  joinsLines: false,
};

// Slack mrkdwn: Slack documents exactly three characters to escape, as HTML entities (`&amp;`, `&lt;`,
// `&gt;`); that also makes `<!channel>`-style mentions and `<url|fake>` links impossible.
export const SLACK: MarkupStyle = {
  bold: (t) => `*${t}*`,
  link: (url, label) => `<${url}|${label}>`,
  escape: (t) => visible(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  joinsLines: false,
};

// Feishu card markdown renders HTML character references, so markup characters become numeric
// references: `*` cannot bold, `[` cannot start a link, `<` cannot open an `<at>` or `<font>` tag.
const FEISHU_ACTIVE = /[&<>*_~`[\]()#\\|]/g;
export const FEISHU: MarkupStyle = {
  bold: (t) => `**${t}**`,
  link: (url, label) => `[${label}](${safeUrl(url)})`,
  escape: (t) => visible(t).replace(FEISHU_ACTIVE, (c) => `&#${c.charCodeAt(0)};`),
  joinsLines: true,
};

// DingTalk's and WeCom's markdown subsets have no escape mechanism at all: a backslash shows as a
// backslash and the character after it still acts. Markup characters are therefore shown as their
// full-width forms (`＊`, `［`, `＜` …), which read the same and do nothing. `_` is left alone:
// identifiers are full of it and intraword underscores do not emphasise.
const FULL_WIDTH: Record<string, string> = {
  "*": "＊",
  "[": "［",
  "]": "］",
  "<": "＜",
  ">": "＞",
  "`": "｀",
  "~": "～",
  "&": "＆",
  "#": "＃",
  "|": "｜",
};
const subsetEscape = (t: string) => visible(t).replace(/[*[\]<>`~&#|]/g, (c) => FULL_WIDTH[c] ?? c);

export const DINGTALK: MarkupStyle = {
  bold: (t) => `**${t}**`,
  link: (url, label) => `[${label}](${safeUrl(url)})`,
  escape: subsetEscape,
  joinsLines: true,
};

// WeCom's subset: headings, bold, links, inline code, quotes, `<font color>`; same escaping problem.
export const WECOM: MarkupStyle = { ...DINGTALK };

// A `)` or space would end a Markdown link target early; presigned URLs never hold them, but a
// configured URL base might.
function safeUrl(url: string): string {
  return url.replace(
    /[()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
