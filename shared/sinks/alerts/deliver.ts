// Sends one message to one channel and records how it went. A delivery never throws: a failure
// becomes `{ ok: false, error }` (the outbox keeps the message for the next run) and a log line, so a
// broken channel neither loses the alert nor disappears silently. Only transient failures (the
// transport's errors, 5xx) are retried within the run; a channel's rate limit is not (`throttled`).
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
    readonly throttled = false,
  ) {
    super(message);
  }
}

export interface DeliveryOutcome {
  delivery: AlertDelivery;
  /** Refused by the channel's rate limit; `retryAfterMs` says how long it asked us to wait. */
  throttled: boolean;
  retryAfterMs?: number;
}

/** Every channel in parallel (tests and simple callers; the pipeline goes through the outbox). */
export async function deliverAlerts(
  channels: readonly AlertChannelConfig[],
  message: AlertMessage,
  options: DeliverOptions = {},
): Promise<AlertDelivery[]> {
  if (channels.length === 0) return [];
  return withTransport(options, (transport) =>
    Promise.all(
      channels.map(async (c) => (await deliverOne(c, message, transport, options)).delivery),
    ),
  );
}

/** Runs `fn` with the caller's transport, or a fresh one closed afterwards. */
export async function withTransport<T>(
  options: DeliverOptions,
  fn: (transport: HttpTransport) => Promise<T>,
): Promise<T> {
  // Receivers answer with a few bytes; anything large is not an answer we need to read.
  const transport = options.transport ?? createHttpTransport({ maxBodyBytes: 64 * 1024 });
  try {
    return await fn(transport);
  } finally {
    if (!options.transport) await transport.close();
  }
}

export async function deliverOne(
  channel: AlertChannelConfig,
  message: AlertMessage,
  transport: HttpTransport,
  options: DeliverOptions,
): Promise<DeliveryOutcome> {
  const logger = (options.logger ?? silentLogger).child({
    channel: channel.kind,
    host: channel.url.host,
    alertRunId: message.runId,
  });
  const state = { attempts: 0, status: null as number | null };
  const record = (ok: boolean, error: string | null): AlertDelivery => ({
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
    return { delivery: record(true, null), throttled: false };
  } catch (e) {
    const error = describe(e, channel);
    const throttled = e instanceof AttemptError && e.throttled;
    const fields = { attempts: state.attempts, status: state.status, error };
    if (throttled) logger.warn("alert channel rate-limited; trying again next run", fields);
    else logger.error("alert delivery failed", fields);
    const retryAfterMs = e instanceof AttemptError ? e.retryAfterMs : undefined;
    const delivery = { ...record(false, error), ...(throttled ? { throttled: true } : {}) };
    return { delivery, throttled, retryAfterMs };
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
  if (!verdict.ok) {
    const { error, retry, retryAfterMs, throttled } = verdict;
    throw new AttemptError(error, retry, retryAfterMs, throttled === true);
  }
}

// Every error we record or log passes here: redacted in full first, clipped second.
function describe(error: unknown, channel: AlertChannelConfig): string {
  const text = error instanceof Error ? error.message : String(error);
  return redactAndClip(text, channel);
}
