// The route table of DESIGN.md §8: which handler a method and path reach, or why none does.
import { HttpError } from "./errors.ts";

export type RouteName =
  | "audit"
  | "listReports"
  | "latestReport"
  | "report"
  | "reportHtml"
  | "healthz";

interface Route {
  method: string;
  pattern: RegExp;
  name: RouteName;
  /** `GET /healthz` answers without a token (and reveals nothing but `{ ok: true }`). */
  public?: boolean;
}

export interface RouteMatch {
  name: RouteName;
  public: boolean;
  /** The `{runId}` path segment, raw (not percent-decoded, so nothing can smuggle a `/` through). */
  runId?: string;
}

// Order matters: `/reports/latest` also fits the `{runId}` pattern and must win.
const ROUTES: readonly Route[] = [
  { method: "POST", pattern: /^\/audit$/, name: "audit" },
  { method: "GET", pattern: /^\/reports$/, name: "listReports" },
  { method: "GET", pattern: /^\/reports\/latest$/, name: "latestReport" },
  { method: "GET", pattern: /^\/reports\/([^/]+)$/, name: "report" },
  { method: "GET", pattern: /^\/reports\/([^/]+)\/report\.html$/, name: "reportHtml" },
  { method: "GET", pattern: /^\/healthz$/, name: "healthz", public: true },
];

/** The route for `method` and `path`; throws a 404 (unknown path) or 405 with `Allow` (known path). */
export function matchRoute(method: string, path: string): RouteMatch {
  const allowed = new Set<string>();
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      allowed.add(route.method);
      continue;
    }
    return { name: route.name, public: route.public === true, ...(m[1] ? { runId: m[1] } : {}) };
  }
  if (allowed.size > 0) {
    throw new HttpError(405, `method ${method} not allowed on ${path}`, {
      headers: { allow: [...allowed].sort().join(", ") },
    });
  }
  throw new HttpError(404, "not found");
}
