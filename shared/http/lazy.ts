// Cloud adapters get their application asynchronously (built on first use, cached per container).
// Building it can fail (bad environment, unreadable config); that failure is the service's, not the
// caller's, so it becomes the generic 500 rather than escaping the handler as an unhandled error.
import type { HttpApp } from "../audit/types.ts";
import { silentLogger } from "../log/logger.ts";
import { internalErrorResponse } from "./errors.ts";
import { createRouter, type RouterOptions } from "./router.ts";
import type { NormalizedRequest, NormalizedResponse, Router } from "./types.ts";

export type RouteLazily = (
  getApp: () => Promise<HttpApp>,
  request: NormalizedRequest,
) => Promise<NormalizedResponse>;

/** One router per application object, so token digests are parsed once per container. */
export function createLazyRouter(options: RouterOptions = {}): RouteLazily {
  const routers = new WeakMap<HttpApp, Router>();
  return async (getApp, request) => {
    let app: HttpApp;
    try {
      app = await getApp();
    } catch (error) {
      return internalErrorResponse(error, request.requestId, options.logger ?? silentLogger);
    }
    let router = routers.get(app);
    if (!router) {
      router = createRouter(app, options);
      routers.set(app, router);
    }
    return router.handle(request);
  };
}
