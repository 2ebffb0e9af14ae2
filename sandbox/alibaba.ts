// Local stand-in for the ApsaraMQ for RocketMQ 5.x API (2022-08-01, ROA): ACS3 verification,
// the read operations, both error envelopes, clamped paging, state from a seed, and fault knobs.
// Used by the tests, `rmq-drift sandbox` and `npm run demo`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { z } from "zod";
import { parseAuthorization, parseRawQuery } from "../shared/providers/alibaba/sign.ts";
import { answerCall, routeCall } from "./alibaba-api.ts";
import { type AuthState, checkAuth } from "./alibaba-auth.ts";
import { type ApiReply, gatewayError, newRequestId } from "./alibaba-envelopes.ts";
import {
  applyTransportFault,
  delay,
  echoReply,
  FaultPlan,
  type FaultRule,
  type SandboxKnobs,
} from "./faults.ts";
import { readRequestBody, type SandboxRoute } from "./server.ts";

// Enumerations are plain strings on purpose: a seed may plant values the real API should never
// send, to test that the client fails closed.
export const AlibabaSeedSchema = z.strictObject({
  accessKeys: z.array(
    z.strictObject({
      id: z.string().min(1),
      secret: z.string().min(1),
      securityToken: z.string().optional(),
      /** The account the key belongs to: it sees only that account's instances. */
      account: z.string().optional(),
      /** STS keys stop working at this instant (ISO 8601). */
      expiresAt: z.string().optional(),
    }),
  ),
  /** RAM roles STS can hand out: `trusts` lists the account ids allowed to assume each. */
  roles: z
    .array(z.strictObject({ arn: z.string().min(1), trusts: z.array(z.string()) }))
    .optional(),
  instances: z.array(
    z.strictObject({
      regionId: z.string().min(1),
      instanceId: z.string().min(1),
      /** The owning account; absent: every key sees it. */
      account: z.string().optional(),
      instanceName: z.string().optional(),
      /** Absent (with `vpcAuthFree`): GetInstance answers without `aclInfo`, as the model allows. */
      aclTypes: z.array(z.string()).optional(),
      /** Absent: `aclInfo.defaultVpcAuthFree` is not reported. */
      vpcAuthFree: z.boolean().optional(),
      internetWhitelist: z.array(z.string()),
      /** The access-control IP whitelist (ListInstanceIpWhitelist); the console's default when absent. */
      accessWhitelist: z.array(z.string()).optional(),
      accounts: z.array(
        z.strictObject({
          username: z.string().min(1),
          password: z.string(),
          accountType: z.string(),
          accountStatus: z.string(),
        }),
      ),
      acls: z.array(
        z.strictObject({
          username: z.string().min(1),
          resourceType: z.string(),
          resourceName: z.string(),
          decision: z.string(),
          actions: z.array(z.string()),
          ipWhitelists: z.array(z.string()),
        }),
      ),
    }),
  ),
  /** Largest page the server hands out, whatever was asked (default 100). */
  maxPageSize: z.number().int().positive().optional(),
});
export type AlibabaSeed = z.infer<typeof AlibabaSeedSchema>;
export type SeedInstance = AlibabaSeed["instances"][number];

export interface RecordedRequest {
  action: string;
  instanceId?: string;
  query: Record<string, string>;
}

export interface AlibabaRoute extends SandboxRoute {
  faults: FaultPlan;
  /** Every request that reached the route, in order, before any check. */
  requests: RecordedRequest[];
  /** The live state; tests may change it between requests. */
  seed: AlibabaSeed;
  /** Distinct client connections seen (keep-alive reuse shows as few). */
  connections(): number;
  /** Called for each recorded request, before it is answered. */
  onRequest?: (request: RecordedRequest) => void;
  /** After the gateway checks, a reply that replaces the seed's answer (undefined: no change). */
  respond?: (request: RecordedRequest, requestId: string) => ApiReply | undefined;
}

export function createAlibabaRoute(seedInput: AlibabaSeed, knobs: SandboxKnobs = {}): AlibabaRoute {
  const seed = AlibabaSeedSchema.parse(structuredClone(seedInput));
  const auth: AuthState = { seed, nonces: new Set(), now: () => Date.now() };
  const counters = { serverErrors: 0 };
  const sockets = new WeakSet<Socket>();
  let connectionCount = 0;
  const route: AlibabaRoute = {
    name: "alibaba",
    faults: new FaultPlan(knobs.faults),
    requests: [],
    seed,
    connections: () => connectionCount,
    matches: (url) => url.pathname === "/instances" || url.pathname.startsWith("/instances/"),
    async handle(req, res) {
      if (!sockets.has(req.socket)) {
        sockets.add(req.socket);
        connectionCount++;
      }
      await handleRequest(route, auth, counters, knobs, req, res);
    },
  };
  return route;
}

async function handleRequest(
  route: AlibabaRoute,
  auth: AuthState,
  counters: { serverErrors: number },
  knobs: SandboxKnobs,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req);
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const rawQuery = q < 0 ? "" : raw.slice(q + 1);
  const query = parseRawQuery(rawQuery);
  const call = routeCall(rawPath.split("/").slice(1).map(decodeSegment));
  const recorded: RecordedRequest = {
    action: call?.action ?? "Unknown",
    instanceId: call?.instanceId,
    query,
  };
  route.requests.push(recorded);
  route.onRequest?.(recorded);
  if (knobs.latencyMs) await delay(knobs.latencyMs);
  const requestId = newRequestId();
  const host = req.headers.host ?? "rocketmq.aliyuncs.com";
  if (!call || req.method !== "GET" || req.headers["x-acs-action"] !== call.action) {
    return send(
      res,
      gatewayError(
        requestId,
        404,
        "InvalidApi.NotFound",
        "Specified api is not found, please check your url and method.",
        host,
      ),
    );
  }
  const denied = checkAuth(req, rawPath, rawQuery, body, auth);
  if (denied)
    return send(res, gatewayError(requestId, denied.status, denied.code, denied.message, host));
  const replaced = route.respond?.(recorded, requestId);
  if (replaced) return send(res, replaced);
  const fault = route.faults.take({ instanceId: call.instanceId, call: call.action });
  // Another account's instance does not exist for this caller: a wrong profile fails visibly.
  const visible = visibleTo(route.seed, parseAuthorization(req.headers.authorization)?.accessKeyId);
  const normal = () => answerCall(visible, call, query, requestId);
  if (fault && answerFault(fault, res, { requestId, host, normal, counters })) return;
  send(res, normal());
}

interface FaultContext {
  requestId: string;
  host: string;
  normal: () => ApiReply;
  counters: { serverErrors: number };
}

/** Returns true when the fault produced (or withheld) the response. */
function answerFault(rule: FaultRule, res: ServerResponse, ctx: FaultContext): boolean {
  const { requestId, host } = ctx;
  switch (rule.kind) {
    case "throttle": {
      const reply = gatewayError(
        requestId,
        400,
        "Throttling.User",
        "Request was denied due to user flow control.",
        host,
      );
      send(res, {
        ...reply,
        // Milliseconds, as the SDK core reads it (reference §9).
        headers: { "x-acs-retry-after": String(rule.retryAfterMs ?? 1000) },
      });
      return true;
    }
    case "server-error": {
      // Alternates 503 and 500, the two server-side gateway answers, starting with 503.
      const [status, code] =
        ctx.counters.serverErrors++ % 2 === 0
          ? [503, "ServiceUnavailable"]
          : [500, "InternalError"];
      send(
        res,
        gatewayError(
          ctx.requestId,
          status,
          code,
          "The request has failed due to a temporary failure of the server.",
          ctx.host,
        ),
      );
      return true;
    }
    case "echo": {
      const reply = echoReply(rule.echo ?? {}, requestId, ({ code, message }, id) =>
        rule.echo?.gateway
          ? { ...(id ? { RequestId: id } : {}), Code: code, Message: message }
          : { ...(id ? { requestId: id } : {}), success: false, code, message, data: null },
      );
      const { "x-request-id": header, ...headers } = reply.headers;
      res.writeHead(403, header ? { ...headers, "x-acs-request-id": header } : headers);
      res.end(reply.text);
      return true;
    }
    case "malformed": {
      // The real answer cut short: realistic, and it carries whatever secret the answer holds.
      const text = JSON.stringify(ctx.normal().body);
      res.writeHead(200, { "content-type": "application/json", "x-acs-request-id": requestId });
      res.end(text.slice(0, -1));
      return true;
    }
    default:
      return applyTransportFault(rule, res);
  }
}

function visibleTo(seed: AlibabaSeed, accessKeyId: string | undefined): AlibabaSeed {
  const account = seed.accessKeys.find((k) => k.id === accessKeyId)?.account;
  const instances = seed.instances.filter((i) => i.account === undefined || i.account === account);
  return instances.length === seed.instances.length ? seed : { ...seed, instances };
}

export function send(res: ServerResponse, reply: ApiReply): void {
  const requestId = String(reply.body.requestId ?? reply.body.RequestId ?? "");
  res.writeHead(reply.status, {
    "content-type": "application/json;charset=utf-8",
    "x-acs-request-id": requestId,
    ...reply.headers,
  });
  res.end(JSON.stringify(reply.body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRequestBody(req)).toString("utf8");
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
