// Reading a receiver's answer: HTTP status first (429/5xx retry, honouring Retry-After), then, for
// vendors that answer 200 with an error code, the code. Vendor text is never trusted to be free of our
// URL, so it is passed on WHOLE: the caller redacts it and only then clips it (`redactAndClip`), since a
// cut made here could split a token so that the redactor no longer recognises it. The transport's body
// limit (64 KiB by default) bounds it meanwhile.
import { parseRetryAfter } from "../../net/retry.ts";
import type { HttpResponse } from "../../net/transport.ts";
import type { ChannelVerdict } from "./channel.ts";

/** The verdict from the HTTP status alone; `null` means 2xx (look at the body next, if needed). */
export function httpVerdict(res: HttpResponse, nowMs: number): ChannelVerdict | null {
  if (res.status >= 200 && res.status < 300) return null;
  const retry = res.status === 429 || res.status >= 500;
  const detail = snippet(res.body);
  return {
    ok: false,
    retry,
    error: `HTTP ${res.status}${detail ? `: ${detail}` : ""}`,
    retryAfterMs: retry ? parseRetryAfter(res.headers["retry-after"], nowMs) : undefined,
  };
}

/** Vendors that answer `{ <codeField>: 0 }` on success (DingTalk, WeCom, Feishu). */
export function codeVerdict(
  res: HttpResponse,
  nowMs: number,
  read: (json: Record<string, unknown>) => { code: unknown; message: unknown },
  throttleCodes: ReadonlySet<number>,
): ChannelVerdict {
  const http = httpVerdict(res, nowMs);
  if (http) return http;
  const json = parseObject(res.body);
  if (json === null)
    return { ok: false, retry: false, error: `unexpected response: ${snippet(res.body)}` };
  const { code, message } = read(json);
  if (code === 0) return { ok: true };
  const text = typeof message === "string" ? `: ${snippet(message)}` : "";
  const retry = typeof code === "number" && throttleCodes.has(code);
  return { ok: false, retry, error: `code ${String(code)}${text}` };
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
