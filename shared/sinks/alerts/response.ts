// Reading a receiver's answer. A channel's rate limit (HTTP 429, or a vendor code such as DingTalk
// 130101) is `throttled`: the message waits in the outbox for the next run instead of being retried
// now. Only transient failures (5xx; the transport's own errors, see deliver.ts) are retried within
// the run. Vendor text is never trusted to be free of our URL, so it is passed on WHOLE: the caller
// redacts it and only then clips it (`redactAndClip`), since a cut made here could split a token so
// that the redactor no longer recognises it. The transport's body limit (64 KiB) bounds it meanwhile.
import { parseRetryAfter } from "../../net/retry.ts";
import type { HttpResponse } from "../../net/transport.ts";
import type { ChannelVerdict } from "./channel.ts";

/** How long a throttled channel is left alone when it does not say (its limits are per minute). */
export const DEFAULT_THROTTLE_MS = 60_000;

/** The verdict from the HTTP status alone; `null` means 2xx (look at the body next, if needed). */
export function httpVerdict(res: HttpResponse, nowMs: number): ChannelVerdict | null {
  if (res.status >= 200 && res.status < 300) return null;
  const detail = snippet(res.body);
  const error = `HTTP ${res.status}${detail ? `: ${detail}` : ""}`;
  if (res.status === 429) return throttled(error, retryAfterOf(res, nowMs));
  const retry = res.status >= 500;
  return {
    ok: false,
    retry,
    error,
    retryAfterMs: retry ? retryAfterOf(res, nowMs) : undefined,
  };
}

export interface CodeRules {
  read(json: Record<string, unknown>): { code: unknown; message: unknown };
  /** Vendor codes meaning "sending too fast", with how long that vendor asks senders to wait. */
  throttle: ReadonlyMap<number, number>;
}

/**
 * Vendors that answer `{ <codeField>: 0 }` on success (DingTalk, WeCom, Feishu). A throttle code wins
 * over the HTTP status, because Feishu sends its frequency-limit code with HTTP 400 or 429.
 */
export function codeVerdict(res: HttpResponse, nowMs: number, rules: CodeRules): ChannelVerdict {
  const json = parseObject(res.body);
  const { code, message } = json === null ? { code: null, message: null } : rules.read(json);
  const text = typeof message === "string" ? `: ${snippet(message)}` : "";
  const waitMs = typeof code === "number" ? rules.throttle.get(code) : undefined;
  if (waitMs !== undefined) {
    return throttled(`code ${String(code)}${text}`, retryAfterOf(res, nowMs) ?? waitMs);
  }
  const http = httpVerdict(res, nowMs);
  if (http) return http;
  if (json === null)
    return { ok: false, retry: false, error: `unexpected response: ${snippet(res.body)}` };
  if (code === 0) return { ok: true };
  return { ok: false, retry: false, error: `code ${String(code)}${text}` };
}

function throttled(error: string, retryAfterMs: number | undefined): ChannelVerdict {
  return {
    ok: false,
    retry: false,
    throttled: true,
    error,
    retryAfterMs: retryAfterMs ?? DEFAULT_THROTTLE_MS,
  };
}

// Slack and most gateways send `Retry-After`; Feishu's gateway sends `x-ogw-ratelimit-reset`
// (seconds until the window resets).
function retryAfterOf(res: HttpResponse, nowMs: number): number | undefined {
  return (
    parseRetryAfter(res.headers["retry-after"], nowMs) ??
    parseRetryAfter(res.headers["x-ogw-ratelimit-reset"], nowMs)
  );
}

function parseObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function snippet(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
