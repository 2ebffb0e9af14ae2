// One place where a provider call becomes HTTP: budget → sign → send → parse → retry.
// Providers describe a call (how to build a signed request, how to read the response); this file
// owns the mechanics both clouds share.
import { ProviderError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import { createRequestBudget, type RequestBudget, sharedRequestBudget } from "./limit.ts";
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "./retry.ts";
import {
  createHttpTransport,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  NETWORK_ERROR_CODES,
  NetworkError,
} from "./transport.ts";

/** The provider id (`alibaba`, `huawei`, …): net knows no cloud, it only names one in errors and logs. */
export type Provider = string;

export interface ApiCall<T> {
  /** Operation name, e.g. `ListInstanceAcl`. */
  call: string;
  /** Builds and signs a fresh request; called once per attempt (new date and nonce each time). */
  build(): HttpRequest;
  /** Returns the data, or throws a `ProviderError` (marked retryable or not). */
  parse(res: HttpResponse): T;
}

export interface CallContext {
  signal?: AbortSignal;
  /** Called once per HTTP request actually sent (retries included). */
  onRequest?: () => void;
  /** Target key, for error context and logs. */
  target?: string;
}

export interface ApiExecutorOptions {
  provider: Provider;
  transport: HttpTransport;
  budget: RequestBudget;
  retry?: RetryPolicy;
  timeoutMs?: number;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /**
   * Blanks the run's secrets (a provider's `SecretRegistry.redact`): every error leaving a call
   * passes through it before retry logs, collectors or reports see it.
   */
  redact?: (text: string) => string;
}

export interface ApiExecutor {
  execute<T>(spec: ApiCall<T>, context?: CallContext): Promise<T>;
}

export function createApiExecutor(options: ApiExecutorOptions): ApiExecutor {
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    execute<T>(spec: ApiCall<T>, context: CallContext = {}) {
      const attempt = () => sendOnce(options, spec, context, timeoutMs, logger);
      return withRetry(attempt, {
        policy: options.retry ?? DEFAULT_RETRY,
        signal: context.signal,
        sleep: options.sleep,
        random: options.random,
        classify: (err) =>
          err instanceof ProviderError && err.details.retryable
            ? { retry: true, afterMs: err.details.retryAfterMs }
            : { retry: false },
        onRetry: (err, n, delayMs) => {
          const details = (err as ProviderError).details;
          if (details.throttled) options.budget.pause(delayMs);
          logger.warn("retrying provider call", {
            provider: options.provider,
            call: spec.call,
            target: context.target,
            attempt: n,
            delayMs,
            code: details.code,
            httpStatus: details.httpStatus,
            requestId: details.requestId,
          });
        },
      });
    },
  };
}

async function sendOnce<T>(
  options: ApiExecutorOptions,
  spec: ApiCall<T>,
  context: CallContext,
  timeoutMs: number,
  logger: Logger,
): Promise<T> {
  const release = await options.budget.acquire(context.signal);
  const started = performance.now();
  let res: HttpResponse;
  try {
    // A request refused while being built (e.g. an unsafe path segment) was never sent: not counted.
    const request = spec.build();
    context.onRequest?.();
    res = await options.transport.send(request, { timeoutMs, signal: context.signal });
  } catch (err) {
    const failure = networkFailure(options.provider, spec.call, context.target, err);
    throw withTarget(redacted(failure, options.redact), context);
  } finally {
    release();
  }
  logger.debug("provider call", {
    provider: options.provider,
    call: spec.call,
    target: context.target,
    httpStatus: res.status,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    return spec.parse(res);
  } catch (err) {
    throw withTarget(redacted(err, options.redact), context);
  }
}

/** Here, before retry logs or collectors read it: the one exit every provider error takes. */
function redacted(err: unknown, redact: ((text: string) => string) | undefined): unknown {
  return err instanceof ProviderError && redact ? err.redactWith(redact) : err;
}

function withTarget(err: unknown, context: CallContext): unknown {
  if (err instanceof ProviderError && context.target && !err.details.target) {
    err.details.target = context.target;
  }
  return err;
}

function networkFailure(
  provider: Provider,
  call: string,
  target: string | undefined,
  err: unknown,
) {
  if (!(err instanceof NetworkError)) return err;
  const code = NETWORK_ERROR_CODES[err.kind];
  const retryable = err.kind === "timeout" || err.kind === "connection";
  return new ProviderError(
    err.message,
    { provider, call, httpStatus: null, code, requestId: null, target, retryable },
    { cause: err },
  );
}

export interface ConnectionOptions {
  /** Requests per second for the cloud account. */
  qps: number;
  /** Sockets and in-flight requests. */
  concurrency: number;
  /** Requests that may go back to back (default: one second's worth; see `BudgetOptions`). */
  burst?: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /**
   * A virtual clock for the request budget (tests). Clock and sleep come as a pair: a fake sleep
   * over the real clock would spin.
   */
  budgetClock?: { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> };
  /** The cloud account: connections naming the same one share the process-wide budget. */
  budgetKey?: string;
  redact?: (text: string) => string;
}

/** One cloud account's connection: a keep-alive pool, a request budget and the executor over both. */
export function openApiConnection(
  provider: Provider,
  options: ConnectionOptions,
): { executor: ApiExecutor; close(): Promise<void> } {
  const transport = createHttpTransport({ connections: Math.max(1, options.concurrency) });
  const budgetOptions = {
    qps: options.qps,
    concurrency: options.concurrency,
    burst: options.burst,
    ...options.budgetClock,
  };
  // A virtual clock is a test's own world: it never joins the process-wide budgets.
  const budget =
    options.budgetKey && !options.budgetClock
      ? sharedRequestBudget(`${provider}:${options.budgetKey}`, budgetOptions)
      : createRequestBudget(budgetOptions);
  const executor = createApiExecutor({
    provider,
    transport,
    budget,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    logger: options.logger,
    sleep: options.sleep,
    random: options.random,
    redact: options.redact,
  });
  return { executor, close: () => transport.close() };
}

/**
 * One call on a connection of its own, closed afterwards: for requests outside any cloud account's
 * audit budget, such as issuing temporary credentials (one request per profile and run).
 */
export async function executeOnce<T>(
  provider: Provider,
  options: Pick<ConnectionOptions, "timeoutMs" | "logger">,
  spec: ApiCall<T>,
  signal?: AbortSignal,
): Promise<T> {
  const { executor, close } = openApiConnection(provider, { ...options, qps: 1, concurrency: 1 });
  try {
    return await executor.execute(spec, { signal });
  } finally {
    await close();
  }
}
