// HTTP entry points: Lambda httpApi (payload v2), Alibaba FC 3.0 HTTP trigger, and node:http for
// `rmq-drift serve`. Each converts its platform's request to a NormalizedRequest and back; the router
// (shared/http/router.ts) does everything else.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpApp } from "../shared/audit/types.ts";
import { HttpError, toErrorResponse } from "../shared/http/errors.ts";
import { createLazyRouter } from "../shared/http/lazy.ts";
import { readBodyLimited, TOO_LARGE } from "../shared/http/node-body.ts";
import type { NormalizedRequest, NormalizedResponse, Router } from "../shared/http/types.ts";
import { createJsonLogger, type Logger } from "../shared/log/logger.ts";
import {
  type AppOverrides,
  type FcContext,
  overridesFromFcContext,
  parseFcEvent,
} from "./fc-context.ts";

export type GetApp = (overrides?: AppOverrides) => Promise<HttpApp>;

/** The fields of an API Gateway HTTP API payload v2 event that the router needs. */
export interface LambdaHttpEvent {
  rawPath: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: { requestId: string; http: { method: string } };
}

/**
 * FC 3.0 built-in-runtime HTTP trigger event (the handler receives it as a Buffer of this JSON):
 * https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/user-guide/http-trigger-invoking-function
 * — `{ version: "v1", rawPath, body, isBase64Encoded, headers, queryParameters, requestContext:
 * { requestId, http: { method, path, … }, … } }`. The same page defines the reply read back:
 * `{ statusCode, headers, isBase64Encoded, body }`.
 */
export interface FcHttpEvent {
  rawPath: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: { requestId?: string; http: { method: string } };
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export interface HandlerOptions {
  /** JSON lines on stderr by default, which both Lambda and FC collect. */
  logger?: Logger;
}

const defaultLogger = () => createJsonLogger({ base: { component: "http" } });

export function createLambdaHandler(getApp: GetApp, options: HandlerOptions = {}) {
  const route = createLazyRouter({ logger: options.logger ?? defaultLogger() });
  return async (event: LambdaHttpEvent): Promise<HttpResult> => {
    const request = platformRequest(event, event.requestContext.requestId);
    return toResult(await route(() => getApp(), request));
  };
}

export function createFcHandler(getApp: GetApp, options: HandlerOptions = {}) {
  const logger = options.logger ?? defaultLogger();
  const route = createLazyRouter({ logger });
  return async (raw: unknown, context?: FcContext): Promise<HttpResult> => {
    const fallbackId = context?.requestId ?? randomUUID();
    let event: FcHttpEvent;
    try {
      event = parseFcEvent(raw) as FcHttpEvent;
      if (typeof event?.requestContext?.http?.method !== "string") throw new Error("no method");
    } catch {
      const error = new HttpError(400, "not a Function Compute HTTP trigger event");
      return toResult(toErrorResponse(error, fallbackId, logger));
    }
    const request = platformRequest(event, event.requestContext.requestId ?? fallbackId);
    return toResult(await route(() => getApp(overridesFromFcContext(context)), request));
  };
}

function platformRequest(
  event: LambdaHttpEvent | FcHttpEvent,
  requestId: string,
): NormalizedRequest {
  const raw = event.body ?? null;
  const body = raw !== null && event.isBase64Encoded ? Buffer.from(raw, "base64").toString() : raw;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const method = event.requestContext.http.method.toUpperCase();
  return { method, path: event.rawPath || "/", headers, body, requestId };
}

function toResult(response: NormalizedResponse): HttpResult {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: false,
  };
}

/** node:http listener for `rmq-drift serve`: route and token are checked before any body is read. */
export function createNodeListener(router: Router) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    serveNode(router, req, res).catch(() => req.destroy());
  };
}

async function serveNode(router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const path = (req.url ?? "/").split("?")[0] || "/";
  const head = {
    method: (req.method ?? "GET").toUpperCase(),
    path,
    headers,
    requestId: randomUUID(),
  };
  const refusal = router.preflight(head);
  if (refusal) return send(res, refusal, { unreadBody: true });
  const body = await readBodyLimited(req, router.maxBodyBytes);
  if (body === TOO_LARGE) return send(res, router.tooLarge(head), { unreadBody: true });
  send(res, await router.handle({ ...head, body }), { unreadBody: false });
}

function send(res: ServerResponse, response: NormalizedResponse, opts: { unreadBody: boolean }) {
  // A refused body may still be arriving; closing the connection after the reply stops it, instead
  // of letting node read and discard an arbitrarily long upload on a kept-alive socket.
  const headers = opts.unreadBody ? { ...response.headers, connection: "close" } : response.headers;
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** Default application: built on first use from the environment, cached per container. */
const defaultGetApp: GetApp = async (overrides) => {
  const { getDefaultApp } = await import("../shared/audit/app.ts");
  return getDefaultApp(overrides);
};

export const handler = createLambdaHandler(defaultGetApp);
export const fcHandler = createFcHandler(defaultGetApp);
