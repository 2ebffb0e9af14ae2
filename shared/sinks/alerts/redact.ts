// A channel as it may be shown (kind and host), and the scrubbing of anything we record or log about
// it: the webhook URL's path and query often ARE the credential, and vendor error texts may echo them.
import type { AlertChannelConfig } from "./channel.ts";

const REDACTED = "[redacted]";
// Path segments and query values shorter than this are words like `robot`, `send`, `hook`, not tokens.
const MIN_TOKEN = 6;
// A piece of a secret this long is still worth something to an attacker (a 64-hex token with its
// first 23 characters known is 92 bits weaker); shorter pieces collide with ordinary text too often.
const MIN_FRAGMENT = 8;
/** Longest error text we record or log; applied only AFTER redaction (see `redactAndClip`). */
export const MAX_ERROR_CHARS = 200;

/** `dingtalk@oapi.dingtalk.com`: enough to tell channels apart, nothing to authenticate with. */
export function channelLabel(config: AlertChannelConfig): string {
  return `${config.kind}@${config.url.host}`;
}

/**
 * Removes the secret and every URL part that might be a token from `text`: whole occurrences first,
 * then any 8+ character fragment of a secret-bearing part. The second pass is for text that was cut
 * before it reached us (a vendor or proxy that truncates the URL it echoes): a cut token no longer
 * matches whole, and its surviving half must not leak either.
 */
export function redact(text: string, config: AlertChannelConfig): string {
  const { whole, secretParts } = needlesOf(config);
  let out = text;
  // Longest first, so a full URL is replaced whole before its parts are.
  for (const needle of whole.sort((a, b) => b.length - a.length)) {
    out = out.split(needle).join(REDACTED);
  }
  return blankFragments(out, secretParts);
}

/** Redacts the full text, THEN clips it: clipping first could cut a token so it no longer matches. */
export function redactAndClip(text: string, config: AlertChannelConfig): string {
  const flat = redact(text, config).replace(/\s+/g, " ").trim();
  return flat.length > MAX_ERROR_CHARS ? `${flat.slice(0, MAX_ERROR_CHARS - 1)}…` : flat;
}

function needlesOf(config: AlertChannelConfig) {
  const url = config.url;
  // Parts that are (or may be) credentials on their own; their fragments are blanked too. The href
  // and path as wholes are not: their prefixes are scheme and host, which are fine to show.
  const parts: Array<string | null> = [config.secret, url.username, url.password];
  for (const segment of url.pathname.split("/")) parts.push(segment, decodeSafe(segment));
  for (const value of url.searchParams.values()) parts.push(value, encodeURIComponent(value));
  const secretParts = parts.filter(
    (n): n is string => typeof n === "string" && n.length >= MIN_TOKEN,
  );
  const whole = [url.href, `${url.pathname}${url.search}`, url.search, ...secretParts].filter(
    (n) => n.length >= MIN_TOKEN,
  );
  return { whole, secretParts };
}

// Every window of MIN_FRAGMENT characters of every secret part goes into a set; every position of the
// text whose window is in the set is covered, and each maximal covered run becomes one `[redacted]`.
// Any fragment of 8+ characters of a secret consists of such windows, so none survives, wherever it
// was cut. Case-insensitive, because receivers sometimes echo hex tokens upper-cased.
function blankFragments(text: string, secretParts: readonly string[]): string {
  const windows = new Set<string>();
  for (const part of secretParts) {
    const p = asciiLower(part);
    for (let i = 0; i + MIN_FRAGMENT <= p.length; i++) windows.add(p.slice(i, i + MIN_FRAGMENT));
  }
  if (windows.size === 0) return text;
  const lower = asciiLower(text);
  const covered = new Uint8Array(text.length);
  for (let i = 0; i + MIN_FRAGMENT <= lower.length; i++) {
    if (windows.has(lower.slice(i, i + MIN_FRAGMENT))) covered.fill(1, i, i + MIN_FRAGMENT);
  }
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += REDACTED;
  }
  return out;
}

// ASCII only, so every index in the lowered text is the same index in the original (full Unicode
// lower-casing can change a string's length).
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function decodeSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
