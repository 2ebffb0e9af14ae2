// Huawei collector: one baseline target → one snapshot target. ShowInstance for `aclEnabled`, then
// ListUser over all pages (or ShowUser for the baseline users a --principal glob names). A target
// that cannot be read after retries becomes `status: "error"`, never an empty ok target.
import type { HuaweiTarget } from "../../baseline/schema.ts";
import { globMatch } from "../../drift/glob.ts";
import { ProviderError } from "../../errors.ts";
import { type Logger, silentLogger } from "../../log/logger.ts";
import type { HuaweiUser, SnapshotTarget, TargetError } from "../../model/snapshot.ts";
import { targetKey } from "../../model/snapshot.ts";
import { type CallContext, openApiConnection } from "../../net/api-call.ts";
import { createSecretRegistry } from "../redact.ts";
import type {
  CollectOptions,
  Collector,
  CollectorOptions,
  HuaweiCredentials,
  TargetCollection,
} from "../types.ts";
import { createHuaweiClient, type HuaweiClient, type HuaweiInstanceInfo } from "./client.ts";
import { resolveEndpoint } from "./endpoint.ts";
import type { HuaweiLocation } from "./request.ts";

export interface HuaweiCollectorOptions extends CollectorOptions<HuaweiCredentials> {
  /** Monotonic ms clock of the request budget; tests pair it with a fake `sleep`. */
  now?: () => number;
}

export interface HuaweiCollector {
  collect: Collector<HuaweiTarget>;
  /** RocketMQ instances of a project (for `init`), over all pages. */
  listInstances(
    region: string,
    projectId: string,
    endpoint?: string,
  ): Promise<HuaweiInstanceInfo[]>;
  close(): Promise<void>;
}

/** One transport and one request budget per collector, i.e. per cloud account. */
export function createHuaweiCollector(options: HuaweiCollectorOptions): HuaweiCollector {
  const logger = options.logger ?? silentLogger;
  const secrets = options.secrets ?? createSecretRegistry();
  const { executor, close } = openApiConnection("huawei", {
    ...options,
    logger,
    budgetClock:
      options.now && options.sleep ? { now: options.now, sleep: options.sleep } : undefined,
    redact: secrets.redact,
  });
  const client = createHuaweiClient({
    executor,
    credentials: options.credentials,
    listing: options.listing,
    secrets,
  });
  return {
    collect: (target, collectOptions) =>
      collectHuaweiTarget(client, target, options.endpointOverride, collectOptions ?? {}, logger),
    listInstances: (region, projectId, endpoint) =>
      client.listInstances({
        endpoint: resolveEndpoint(region, endpoint, options.endpointOverride),
        projectId,
      }),
    close,
  };
}

export async function collectHuaweiTarget(
  client: HuaweiClient,
  target: HuaweiTarget,
  endpointOverride: string | undefined,
  options: CollectOptions,
  fallbackLogger: Logger = silentLogger,
): Promise<TargetCollection> {
  const started = performance.now();
  const logger = options.logger ?? fallbackLogger;
  const key = {
    provider: "huawei" as const,
    region: target.region,
    projectId: target.projectId,
    instanceId: target.instanceId,
  };
  let apiCalls = 0;
  const ctx: CallContext = {
    signal: options.signal,
    target: targetKey(key),
    onRequest: () => {
      apiCalls++;
    },
  };
  let snapshot: SnapshotTarget;
  try {
    const { aclEnabled, users } = await readTarget(client, target, endpointOverride, options, ctx);
    snapshot = { ...key, status: "ok", error: null, instance: { aclEnabled }, users };
    logger.debug("target collected", { target: ctx.target, users: users.length, apiCalls });
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const error = toTargetError(err);
    logger.warn("target unreadable", { target: ctx.target, ...error });
    snapshot = { ...key, status: "error", error };
  }
  return { target: snapshot, apiCalls, durationMs: Math.round(performance.now() - started) };
}

async function readTarget(
  client: HuaweiClient,
  target: HuaweiTarget,
  endpointOverride: string | undefined,
  options: CollectOptions,
  ctx: CallContext,
) {
  const loc = {
    endpoint: resolveEndpoint(target.region, target.endpoint, endpointOverride),
    projectId: target.projectId,
  };
  const listed = options.listed;
  // A principal re-read keeps the instance setting just listed; everything else reads it first.
  const { aclEnabled } =
    options.principals?.length && listed?.provider === "huawei" && listed.status === "ok"
      ? listed.instance
      : await client.showInstance(loc, target.instanceId, ctx);
  const users = options.principals?.length
    ? await readNamedUsers(client, loc, target, options.principals, ctx)
    : await client.listUsers(loc, target.instanceId, ctx);
  users.sort((a, b) => (a.accessKey < b.accessKey ? -1 : a.accessKey > b.accessKey ? 1 : 0));
  return { aclEnabled, users };
}

/** Targeted audit: point reads for the baseline users a principal glob names. */
async function readNamedUsers(
  client: HuaweiClient,
  loc: HuaweiLocation,
  target: HuaweiTarget,
  principals: readonly string[],
  ctx: CallContext,
): Promise<HuaweiUser[]> {
  const names = Object.keys(target.users ?? {}).filter((name) =>
    principals.some((glob) => globMatch(glob, name)),
  );
  const users = await Promise.all(
    names.map((name) => client.showUser(loc, target.instanceId, name, ctx)),
  );
  return users.filter((u): u is HuaweiUser => u !== null);
}

function toTargetError(err: ProviderError): TargetError {
  return {
    code: err.details.code,
    message: err.reason,
    httpStatus: err.details.httpStatus,
    call: err.details.call,
    requestId: err.details.requestId,
  };
}
