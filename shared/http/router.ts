// The HTTP interface (DESIGN.md §8), independent of the platform that delivers the request. Checks run
// in a fixed order — route and method, token, body size, body schema — so an unauthenticated caller
// learns nothing about bodies, and an oversized body is refused before it is parsed.
import type { AuditOutcome, HttpApp } from "../audit/types.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import { isRunId } from "../report/run-id.ts";
import type { Report } from "../report/schema.ts";
import { bearerToken, parseTokenHashes, tokenMatches } from "./auth.ts";
import { HttpError, toErrorResponse } from "./errors.ts";
import { bodyBytes, DEFAULT_MAX_BODY_BYTES } from "./limits.ts";
import { HtmlPage, htmlResponse, jsonResponse } from "./response.ts";
import { matchRoute, type RouteMatch } from "./routes.ts";
import type { NormalizedRequest, NormalizedResponse, RequestHead, Router } from "./types.ts";

export interface RouterOptions {
  logger?: Logger;
  /** Largest accepted body in bytes; 64 KiB by default. */
  maxBodyBytes?: number;
}

export function createRouter(app: HttpApp, options: RouterOptions = {}): Router {
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { valid: digests, invalid } = parseTokenHashes(app.tokenHashes);
  if (invalid > 0) logger.warn("ignoring malformed token hashes", { count: invalid });

  const checkHead = (head: RequestHead): RouteMatch => {
    const match = matchRoute(head.method, head.path);
    if (!match.public) authorize(head.headers.authorization, digests);
    return match;
  };
  const tooLargeError = () => new HttpError(413, `request body larger than ${maxBodyBytes} bytes`);
  const logged = (head: RequestHead, response: NormalizedResponse, started: number) =>
    logRequest(logger, head, response, started);

  return {
    maxBodyBytes,
    preflight(head) {
      const started = Date.now();
      try {
        checkHead(head);
        return null;
      } catch (error) {
        return logged(head, toErrorResponse(error, head.requestId, logger), started);
      }
    },
    tooLarge(head) {
      return logged(head, toErrorResponse(tooLargeError(), head.requestId, logger), Date.now());
    },
    async handle(request) {
      const started = Date.now();
      try {
        const match = checkHead(request);
        if (bodyBytes(request.body) > maxBodyBytes) throw tooLargeError();
        const body = await dispatch(app, match, request);
        const response =
          body instanceof HtmlPage
            ? htmlResponse(body, request.requestId)
            : jsonResponse(200, body, request.requestId);
        return logged(request, response, started);
      } catch (error) {
        return logged(request, toErrorResponse(error, request.requestId, logger), started);
      }
    },
  };
}

/** One access-log line per request: never headers or body, which may carry tokens. */
function logRequest(
  logger: Logger,
  head: RequestHead,
  response: NormalizedResponse,
  started: number,
): NormalizedResponse {
  const { requestId, method, path } = head;
  const durationMs = Date.now() - started;
  logger.info("http request", { requestId, method, path, status: response.status, durationMs });
  return response;
}

function authorize(authorization: string | undefined, digests: readonly Buffer[]): void {
  const token = bearerToken(authorization);
  // No configured digests: nothing matches, so every protected route answers 401.
  if (token !== null && tokenMatches(token, digests)) return;
  const challenge =
    token === null ? 'Bearer realm="rmq-drift"' : 'Bearer realm="rmq-drift", error="invalid_token"';
  throw new HttpError(401, "missing or invalid bearer token", {
    headers: { "www-authenticate": challenge },
  });
}

async function dispatch(app: HttpApp, match: RouteMatch, request: NormalizedRequest) {
  switch (match.name) {
    case "healthz":
      return { ok: true };
    case "audit": {
      // zod is loaded on the first audit, not at cold start: /healthz and refusals never need it.
      const { parseAuditBody } = await import("./body.ts");
      const body = parseAuditBody(request.body);
      return auditResponse(await app.audit({ trigger: "http", ...body }));
    }
    case "listReports": {
      const runs = await app.listReports();
      return { count: runs.length, runs };
    }
    case "latestReport":
      return found(await app.latestReport(), "no report has been stored yet");
    case "report": {
      const runId = checkedRunId(match);
      return found(await app.report(runId), `no report with run id ${runId}`);
    }
    case "reportHtml": {
      const runId = checkedRunId(match);
      const html = await app.reportHtml(runId);
      if (html === null) throw new HttpError(404, `no HTML report with run id ${runId}`);
      return new HtmlPage(html);
    }
  }
}

function checkedRunId(match: RouteMatch): string {
  const runId = match.runId ?? "";
  if (!isRunId(runId)) {
    throw new HttpError(400, "malformed run id (expected yyyyMMddTHHmmssZ-xxxxxx)");
  }
  return runId;
}

function auditResponse(outcome: AuditOutcome) {
  const { report, reportUrl, htmlUrl } = outcome;
  return {
    runId: report.runId,
    status: report.status,
    summary: report.summary,
    findings: report.findings,
    reportUrl,
    htmlUrl,
  };
}

function found(report: Report | null, message: string): Report {
  if (report === null) throw new HttpError(404, message);
  return report;
}
