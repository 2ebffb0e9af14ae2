// `RMQ_DRIFT_ALERTS` → channel configs. Secrets come from the environment, never from the URL list:
// `RMQ_DRIFT_ALERT_SECRET_<N>` for the N-th entry (1-based) wins over `RMQ_DRIFT_ALERT_SECRET_<KIND>`
// (e.g. `RMQ_DRIFT_ALERT_SECRET_DINGTALK`), which serves every entry of that kind.
// Secrets are optional for DingTalk and Feishu (a robot may use keywords or an IP allow list instead),
// required for `webhook` (its receiver has nothing else to authenticate us), and ignored for Slack and
// WeCom, which do not sign (their URL is the credential).
// Error messages name the variable and the entry by position, kind and host only: a webhook URL's path
// or query is often the credential itself (`access_token=`, `key=`, Slack's `/services/…`).
import { ConfigError } from "../errors.ts";

export const CHANNEL_KINDS = ["slack", "dingtalk", "feishu", "wecom", "webhook"] as const;
export type AlertChannelKind = (typeof CHANNEL_KINDS)[number];

export interface AlertChannelConfig {
  kind: AlertChannelKind;
  /** The webhook URL. May carry a token in its path or query: never log or echo it. */
  url: URL;
  /** Signing secret (DingTalk, Feishu) or HMAC key (webhook). */
  secret: string | null;
  /** 1-based position in `RMQ_DRIFT_ALERTS`. */
  index: number;
}

const VARIABLE = "RMQ_DRIFT_ALERTS";

export function parseAlertChannels(
  spec: string | undefined,
  env: Record<string, string | undefined>,
): AlertChannelConfig[] {
  if (spec === undefined || spec.trim() === "") return [];
  const entries = spec
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  return entries.map((entry, i) => parseEntry(entry, i + 1, env));
}

function parseEntry(
  entry: string,
  index: number,
  env: Record<string, string | undefined>,
): AlertChannelConfig {
  const plus = entry.indexOf("+");
  const kindText = plus > 0 ? entry.slice(0, plus) : "";
  if (!isKind(kindText)) {
    const shown = /^[a-z]{1,12}$/i.test(kindText) ? ` "${kindText}"` : "";
    throw fail(
      index,
      `unknown channel kind${shown}; expected <kind>+<url> with kind one of ${CHANNEL_KINDS.join(", ")}`,
    );
  }
  const url = parseUrl(entry.slice(plus + 1));
  if (url === null) throw fail(index, `${kindText}: not an http(s) URL`);
  const secret = secretFor(index, kindText, env);
  if (kindText === "webhook" && secret === null) {
    throw fail(
      index,
      `webhook at ${url.host} needs an HMAC secret: set RMQ_DRIFT_ALERT_SECRET_${index} or RMQ_DRIFT_ALERT_SECRET_WEBHOOK`,
    );
  }
  return { kind: kindText, url, secret, index };
}

function isKind(text: string): text is AlertChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(text);
}

function parseUrl(text: string): URL | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== ""
    ? url
    : null;
}

function secretFor(
  index: number,
  kind: AlertChannelKind,
  env: Record<string, string | undefined>,
): string | null {
  const value =
    nonEmpty(env[`RMQ_DRIFT_ALERT_SECRET_${index}`]) ??
    nonEmpty(env[`RMQ_DRIFT_ALERT_SECRET_${kind.toUpperCase()}`]);
  return value ?? null;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function fail(index: number, problem: string): ConfigError {
  return new ConfigError(`${VARIABLE}: entry ${index}: ${problem}`);
}
