// HTTP transport on undici: keep-alive connection reuse, per-request timeout, bounded bodies.
// It knows nothing about clouds; it only turns sockets into { status, headers, body }.

import { Agent, request, errors as undiciErrors } from "undici";
import { ExecutionError } from "../errors.ts";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: URL;
  /** Header names as they should be sent; `host` is derived from the URL by undici. */
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpTransport {
  send(req: HttpRequest, options: SendOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** A request that got no usable HTTP response. `kind` tells timeouts from connection failures. */
export class NetworkError extends ExecutionError {
  override name = "NetworkError";
  readonly kind: "timeout" | "connection" | "too-large" | "aborted";
  constructor(kind: NetworkError["kind"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** The error code a failed call reports for each kind of network failure. */
export const NETWORK_ERROR_CODES: Readonly<Record<NetworkError["kind"], string>> = {
  timeout: "Timeout",
  connection: "NetworkError",
  "too-large": "ResponseTooLarge",
  aborted: "Aborted",
};

export interface TransportOptions {
  /** Sockets per origin. */
  connections?: number;
  keepAliveTimeoutMs?: number;
  /** Responses larger than this are refused (a management API page is a few hundred KiB at most). */
  maxBodyBytes?: number;
}

export function createHttpTransport(options: TransportOptions = {}): HttpTransport {
  const agent = new Agent({
    connections: options.connections ?? 8,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    pipelining: 1,
  });
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  return {
    send: (req, sendOptions) => send(agent, maxBody, req, sendOptions),
    close: () => agent.close(),
  };
}

async function send(
  agent: Agent,
  maxBody: number,
  req: HttpRequest,
  { timeoutMs, signal }: SendOptions,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: agent,
      signal: combined,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = await readBody(res.body, maxBody);
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
  } catch (err) {
    throw toNetworkError(err, timeout.aborted, timeoutMs, req.url);
  }
}

async function readBody(body: AsyncIterable<Buffer> & { destroy(): void }, maxBody: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBody) {
      body.destroy();
      throw new NetworkError("too-large", `response body exceeds ${maxBody} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function toNetworkError(
  err: unknown,
  timedOut: boolean,
  timeoutMs: number,
  url: URL,
): NetworkError {
  if (err instanceof NetworkError) return err;
  const where = `${url.protocol}//${url.host}`;
  if (
    timedOut ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new NetworkError("timeout", `no response from ${where} within ${timeoutMs} ms`, {
      cause: err,
    });
  }
  if (err instanceof Error && err.name === "AbortError") {
    return new NetworkError("aborted", `request to ${where} was aborted`, { cause: err });
  }
  const code = (err as { code?: string }).code;
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  return new NetworkError("connection", `connection to ${where} failed: ${detail}`, { cause: err });
}
