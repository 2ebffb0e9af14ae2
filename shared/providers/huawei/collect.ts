// Huawei collector: one baseline target → one snapshot target. ShowInstance for `aclEnabled`, then
// ListUser over all pages (or ShowUser for the baseline users a --principal glob names). A target
// that cannot be read after retries becomes `status: "error"`, never an empty ok target.

import { type Logger, silentLogger } from "../../log/logger.ts";
import { type TargetError, targetKey } from "../../model/snapshot.ts";
import { type CallContext, openApiConnection } from "../../net/api-call.ts";
import { collectTarget } from "../collector.ts";
import type { DiscoverScope } from "../module.ts";
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
import { readNamedUsers } from "./principal.ts";
import type { HuaweiSnapshotTarget, HuaweiTarget, HuaweiTargetError } from "./target.ts";

export type HuaweiCollectorOptions = CollectorOptions<HuaweiCredentials>;

export interface HuaweiCollector {
  collect: Collector<HuaweiTarget>;
  /** RocketMQ instances of a project (for `init`), over all pages. */
  listInstances(
    region: string,
    projectId: string,
    endpoint?: string,
  ): Promise<HuaweiInstanceInfo[]>;
  /** Discovery: the ids of every RocketMQ instance of a region's project. */
  instanceIds(scope: DiscoverScope, signal?: AbortSignal): Promise<string[]>;
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
      options.budgetClock && options.sleep
        ? { now: options.budgetClock, sleep: options.sleep }
        : undefined,
    redact: secrets.redact,
  });
  const client = createHuaweiClient({
    executor,
    credentials: options.credentials,
    signingClock: options.signingClock,
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
    instanceIds: async (discover, signal) => {
      const loc = {
        endpoint: resolveEndpoint(discover.region, undefined, options.endpointOverride),
        projectId: discover.projectId as string,
      };
      const listed = await client.listInstances(loc, {
        signal,
        target: `huawei/${discover.region}/*`,
      });
      return listed.map((i) => i.instanceId);
    },
    close,
  };
}

export function collectHuaweiTarget(
  client: HuaweiClient,
  target: HuaweiTarget,
  endpointOverride: string | undefined,
  options: CollectOptions,
  fallbackLogger: Logger = silentLogger,
): Promise<TargetCollection<HuaweiSnapshotTarget>> {
  const key = {
    provider: "huawei" as const,
    region: target.region,
    projectId: target.projectId,
    instanceId: target.instanceId,
  };
  return collectTarget<HuaweiSnapshotTarget>(
    { key: targetKey(key), signal: options.signal, logger: options.logger ?? fallbackLogger },
    async ({ key: targetName, signal, onRequest }) => {
      const ctx: CallContext = { signal, target: targetName, onRequest };
      const { aclEnabled, users } = await readTarget(
        client,
        target,
        endpointOverride,
        options,
        ctx,
      );
      return { ...key, status: "ok" as const, error: null, instance: { aclEnabled }, users };
    },
    (error) => errorTarget(target, error),
  );
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
  const users = options.instanceOnly
    ? []
    : options.principals?.length
      ? await readNamedUsers(client, loc, target, options.principals, ctx)
      : await client.listUsers(loc, target.instanceId, ctx);
  users.sort((a, b) => (a.accessKey < b.accessKey ? -1 : a.accessKey > b.accessKey ? 1 : 0));
  return { aclEnabled, users };
}

/** The snapshot entry of a Huawei target that could not be read. */
export function errorTarget(target: HuaweiTarget, error: TargetError): HuaweiTargetError {
  return {
    provider: "huawei",
    region: target.region,
    projectId: target.projectId,
    instanceId: target.instanceId,
    status: "error",
    error,
  };
}
