// Huawei Cloud DMS for RocketMQ stand-in (`/v2/…` on the shared sandbox server): verifies
// SDK-HMAC-SHA256 like the API gateway, answers from a seed, and injects the shared fault knobs
// rendered the Huawei way (APIG/DMS flow-control bodies, DMS 5xx bodies).
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  applyTransportFault,
  delay,
  echoReply,
  FaultPlan,
  type FaultRule,
  type SandboxKnobs,
} from "./faults.ts";
import { answer, type HuaweiCall, parseRoutePath, type Reply } from "./huawei-api.ts";
import { verifyWireRequest } from "./huawei-auth.ts";
import { type HuaweiSeed, type HuaweiSeedInput, HuaweiSeedSchema } from "./huawei-seed.ts";
import { readRequestBody, type SandboxRoute } from "./server.ts";

export type { HuaweiSeed, HuaweiSeedInput } from "./huawei-seed.ts";
export { HuaweiSeedSchema } from "./huawei-seed.ts";

/** Flow-control answers the throttle fault can give (the gateway's 429 by default). */
const FLOW_CONTROL: Record<string, { status: number; msg: string }> = {
  "APIG.0308": {
    status: 429,
    msg: "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second",
  },
  "DMS.10240407": { status: 404, msg: "Request too frequent. Flow control." },
  "DMS.111501025": { status: 503, msg: "The query is busy. Try again later." },
  "DMS.00400973": { status: 400, msg: "Queried too frequently. Try again later." },
};

/** A shared fault rule, plus which Huawei flow-control code a `throttle` answers with. */
export interface HuaweiFaultRule extends FaultRule {
  code?: keyof typeof FLOW_CONTROL;
}

export interface HuaweiRoute extends SandboxRoute {
  faults: FaultPlan;
  /** Every request received, in order (rejected ones included). */
  requests: Array<{ call: HuaweiCall; instanceId?: string }>;
  /** The live estate: tests may change it between requests. */
  seed: HuaweiSeed;
  /** Called for each recorded request, before it is answered (e.g. to change the estate mid-listing). */
  onRequest?: (request: HuaweiRoute["requests"][number], query: URLSearchParams) => void;
}

export function createHuaweiRoute(
  seedInput: HuaweiSeedInput,
  knobs: SandboxKnobs = {},
): HuaweiRoute {
  const seed = HuaweiSeedSchema.parse(seedInput);
  const faults = new FaultPlan(knobs.faults);
  const requests: HuaweiRoute["requests"] = [];
  const route: HuaweiRoute = {
    name: "huawei",
    faults,
    requests,
    seed,
    matches: (url) => url.pathname.startsWith("/v2/"),
    async handle(req, res, url) {
      const body = await readRequestBody(req);
      const path = parseRoutePath(req.method ?? "GET", url.pathname);
      const recorded = path.instanceId
        ? { call: path.call, instanceId: path.instanceId }
        : { call: path.call };
      requests.push(recorded);
      route.onRequest?.(recorded, url.searchParams);
      const requestId = randomUUID();
      if (knobs.latencyMs) await delay(knobs.latencyMs);
      const wire = {
        method: req.method ?? "GET",
        rawUrl: req.url ?? "/",
        headers: req.headers,
        body,
      };
      const auth = verifyWireRequest(wire, seed.credentials, Date.now());
      if (!auth.ok) return send(res, requestId, errorReply(auth.status, auth.code, auth.message));
      const key = seed.credentials.find((c) => c.ak === auth.credential.ak);
      if (key?.expiresAt !== undefined && Date.parse(key.expiresAt) <= Date.now()) {
        return send(res, requestId, errorReply(401, "APIGW.0307", "The token has expired."));
      }
      const projectHeader = req.headers["x-project-id"];
      if (path.projectId !== undefined && projectHeader !== path.projectId) {
        return send(
          res,
          requestId,
          errorReply(401, "DMS.10240104", "The project ID and token do not match."),
        );
      }
      // Another account's instance does not exist for this caller: a wrong profile fails visibly.
      const reply = answer(visibleTo(seed, key?.domain), path, url.searchParams);
      const fault = faults.take({ call: path.call, instanceId: path.instanceId });
      if (fault && applyFault(fault, res, requestId, reply)) return;
      send(res, requestId, reply);
    },
  };
  return route;
}

function applyFault(
  rule: HuaweiFaultRule,
  res: ServerResponse,
  requestId: string,
  reply: Reply,
): boolean {
  if (rule.kind === "throttle") {
    const code = rule.code ?? "APIG.0308";
    const flow = FLOW_CONTROL[code] ?? { status: 429, msg: "throttled" };
    const seconds = rule.retryAfterSeconds ?? (code === "APIG.0308" ? 1 : undefined);
    const extra: Record<string, string> =
      seconds === undefined ? {} : { "retry-after": String(seconds) };
    send(res, requestId, errorReply(flow.status, code, flow.msg), extra);
    return true;
  }
  if (rule.kind === "server-error") {
    send(res, requestId, errorReply(500, "DMS.00500000", "Internal service error."));
    return true;
  }
  if (rule.kind === "echo") {
    const reply = echoReply(rule.echo ?? {}, requestId, ({ code, message }, id) => ({
      error_code: code,
      error_msg: message,
      ...(id ? { request_id: id } : {}),
    }));
    const { "x-request-id": header, ...headers } = reply.headers;
    res.writeHead(403, header ? reply.headers : headers);
    res.end(reply.text);
    return true;
  }
  if (rule.kind === "malformed") {
    // The real answer cut in half: a truncated body, secret keys and all.
    const text = JSON.stringify(reply.body);
    res.writeHead(200, { "content-type": "application/json", "x-request-id": requestId });
    res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return true;
  }
  return applyTransportFault(rule, res);
}

function visibleTo(seed: HuaweiSeed, domain: string | undefined): HuaweiSeed {
  const instances = seed.instances.filter((i) => i.domain === undefined || i.domain === domain);
  return instances.length === seed.instances.length ? seed : { ...seed, instances };
}

export function errorReply(status: number, code: string, msg: string): Reply {
  return { status, body: { error_code: code, error_msg: msg } };
}

export function send(
  res: ServerResponse,
  requestId: string,
  reply: Reply,
  extra: Record<string, string> = {},
) {
  const body =
    reply.status >= 400 ? { ...(reply.body as object), request_id: requestId } : reply.body;
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "x-request-id": requestId,
    ...extra,
  });
  res.end(JSON.stringify(body));
}
