// A channel as it may be shown (kind and host), and the scrubbing of anything we record or log about
// it: the webhook URL's path and query often ARE the credential, and vendor error texts may echo them.
import type { AlertChannelConfig } from "./channel.ts";

const REDACTED = "[redacted]";
// Path segments and query values shorter than this are words like `robot`, `send`, `hook`, not tokens.
const MIN_TOKEN = 6;

/** `dingtalk@oapi.dingtalk.com`: enough to tell channels apart, nothing to authenticate with. */
export function channelLabel(config: AlertChannelConfig): string {
  return `${config.kind}@${config.url.host}`;
}

/** Removes the secret and every URL part that might be a token from `text`. */
export function redact(text: string, config: AlertChannelConfig): string {
  const url = config.url;
  const needles = [config.secret, url.href, `${url.pathname}${url.search}`, url.search];
  for (const segment of url.pathname.split("/")) needles.push(segment, decodeSafe(segment));
  for (const value of url.searchParams.values()) needles.push(value, encodeURIComponent(value));
  if (url.username) needles.push(url.username);
  if (url.password) needles.push(url.password);
  let out = text;
  const usable = needles.filter((n): n is string => typeof n === "string" && n.length >= MIN_TOKEN);
  // Longest first, so a full URL is replaced whole before its parts are.
  for (const needle of usable.sort((a, b) => b.length - a.length)) {
    out = out.split(needle).join(REDACTED);
  }
  return out;
}

function decodeSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
