// Sends one message to every configured channel, in parallel, and records how each delivery went.
// A delivery never throws: a failure becomes `{ ok: false, error }` in the report's `delivery` section
// and an error log line, so a broken channel neither loses the report nor disappears silently.
import { ExecutionError } from "../../errors.ts";
import { type Logger, silentLogger } from "../../log/logger.ts";
import { type RetryPolicy, withRetry } from "../../net/retry.ts";
import {
  createHttpTransport,
  type HttpResponse,
  type HttpTransport,
  NetworkError,
} from "../../net/transport.ts";
import type { AlertDelivery } from "../../report/schema.ts";
import type {
  AlertChannelConfig,
  AlertChannelKind,
  AlertMessage,
  ChannelAdapter,
} from "./channel.ts";
import { dingtalk } from "./dingtalk.ts";
import { feishu } from "./feishu.ts";
import { channelLabel, redactAndClip } from "./redact.ts";
import { slack } from "./slack.ts";
import { webhook } from "./webhook.ts";
import { wecom } from "./wecom.ts";

const ADAPTERS: Record<AlertChannelKind, ChannelAdapter> = {
  slack,
  dingtalk,
  feishu,
  wecom,
  webhook,
};

export interface DeliverOptions {
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Default: 3 retries, 500 ms base, 10 s cap (an alert is worth a short wait, not a long one). */
  retry?: RetryPolicy;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
  /** Default: a fresh undici transport, closed when all deliveries are done. */
  transport?: HttpTransport;
}

export const ALERT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/** One failed attempt, classified for the retry loop. */
class AttemptError extends ExecutionError {
  override name = "AttemptError";
  constructor(
    message: string,
    readonly retry: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export async function deliverAlerts(
  channels: readonly AlertChannelConfig[],
  message: AlertMessage,
  options: DeliverOptions = {},
): Promise<AlertDelivery[]> {
  if (channels.length === 0) return [];
  // Receivers answer with a few bytes; anything large is not an answer we need to read.
  const transport = options.transport ?? createHttpTransport({ maxBodyBytes: 64 * 1024 });
  try {
    return await Promise.all(channels.map((c) => deliverOne(c, message, transport, options)));
  } finally {
    if (!options.transport) await transport.close();
  }
}

async function deliverOne(
  channel: AlertChannelConfig,
  message: AlertMessage,
  transport: HttpTransport,
  options: DeliverOptions,
): Promise<AlertDelivery> {
  const logger = (options.logger ?? silentLogger).child({
    channel: channel.kind,
    host: channel.url.host,
  });
  const state = { attempts: 0, status: null as number | null };
  const outcome = (ok: boolean, error: string | null): AlertDelivery => ({
    channel: channelLabel(channel),
    ok,
    attempts: state.attempts,
    status: state.status,
    error,
  });
  try {
    await withRetry(() => attemptOnce(channel, message, transport, options, state), {
      policy: options.retry ?? ALERT_RETRY,
      sleep: options.sleep,
      random: options.random,
      classify: (e) =>
        e instanceof AttemptError ? { retry: e.retry, afterMs: e.retryAfterMs } : { retry: false },
      onRetry: (e, attempt, delayMs) =>
        logger.warn("retrying alert delivery", { attempt, delayMs, error: describe(e, channel) }),
    });
    logger.info("alert delivered", { attempts: state.attempts, status: state.status });
    return outcome(true, null);
  } catch (e) {
    const error = describe(e, channel);
    logger.error("alert delivery failed", {
      attempts: state.attempts,
      status: state.status,
      error,
    });
    return outcome(false, error);
  }
}

async function attemptOnce(
  channel: AlertChannelConfig,
  message: AlertMessage,
  transport: HttpTransport,
  options: DeliverOptions,
  state: { attempts: number; status: number | null },
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const adapter = ADAPTERS[channel.kind];
  state.attempts++;
  const request = adapter.build(channel, message, now().getTime());
  let response: HttpResponse;
  try {
    response = await transport.send(request, { timeoutMs: options.timeoutMs ?? 10_000 });
  } catch (e) {
    // The transport's messages name only scheme and host; anything else is not retried blindly.
    state.status = null;
    if (e instanceof NetworkError) throw new AttemptError(e.message, e.kind !== "too-large");
    throw e;
  }
  state.status = response.status;
  const verdict = adapter.check(response, now().getTime());
  if (!verdict.ok) throw new AttemptError(verdict.error, verdict.retry, verdict.retryAfterMs);
}

// Every error we record or log passes here: redacted in full first, clipped second.
function describe(error: unknown, channel: AlertChannelConfig): string {
  const text = error instanceof Error ? error.message : String(error);
  return redactAndClip(text, channel);
}
