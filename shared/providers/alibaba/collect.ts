// The Alibaba collector: one baseline target → one snapshot target. Every audit reads GetInstance
// and all pages of ListInstanceIpWhitelist; a full audit adds all pages of ListInstanceAccount and
// ListInstanceAcl, a `--principal` audit GetInstanceAccount / GetInstanceAcl for the baseline's
// named entries only.
// Any failure after retries makes the target `status: "error"`, never an empty clean one.

import type { Logger } from "../../log/logger.ts";
import { anyGlob } from "../../match/glob.ts";
import { type TargetError, targetKey } from "../../model/snapshot.ts";
import { collectTarget } from "../collector.ts";
import { formatPath } from "../json.ts";
import type { DiscoverScope } from "../module.ts";
import type { AlibabaCredentials, CollectOptions, Collector, CollectorOptions } from "../types.ts";
import { type AlibabaClient, createAlibabaClient, type InstanceScope } from "./client.ts";
import { resolveEndpoint } from "./endpoint.ts";
import { accountFacts, assembleAccounts, toInstance } from "./map.ts";
import { readNamedAccounts } from "./principal.ts";
import { MALFORMED } from "./response.ts";
import type { InstanceSummary } from "./schemas.ts";
import {
  type AlibabaSnapshotTarget,
  type AlibabaTarget,
  type AlibabaTargetError,
  AlibabaTargetOkSchema,
} from "./target.ts";

export interface AlibabaCollectorOptions extends CollectorOptions<AlibabaCredentials> {
  /** Items per page asked of list calls (default 100; the server may clamp). */
  pageSize?: number;
}

export interface AlibabaCollector {
  collect: Collector<AlibabaTarget>;
  listInstances(region: string, endpoint?: string): Promise<InstanceSummary[]>;
  /** Discovery: the ids of every instance of a region. */
  instanceIds(scope: DiscoverScope, signal?: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}

/** One collector per cloud account: every target it collects shares one budget and one pool. */
export function createAlibabaCollector(options: AlibabaCollectorOptions): AlibabaCollector {
  const client = createAlibabaClient(options);
  const collect: Collector<AlibabaTarget> = (target, collectOptions = {}) =>
    collectTarget(
      {
        key: targetKey(target),
        signal: collectOptions.signal,
        logger: collectOptions.logger ?? options.logger,
      },
      ({ key, signal, onRequest, logger }) => {
        const scope: InstanceScope = {
          origin: resolveEndpoint(target.region, target.endpoint, options.endpointOverride),
          instanceId: target.instanceId,
          target: key,
          signal,
          onRequest,
        };
        return readTarget(client, scope, target, collectOptions, logger);
      },
      (error) => errorTarget(target, error),
    );
  return {
    collect,
    listInstances: (region, endpoint) =>
      client.listInstances({ origin: resolveEndpoint(region, endpoint, options.endpointOverride) }),
    instanceIds: async (discover, signal) => {
      const origin = resolveEndpoint(discover.region, undefined, options.endpointOverride);
      const listed = await client.listInstances({
        origin,
        signal,
        target: `alibaba/${discover.region}/*`,
      });
      return listed.map((i) => i.instanceId);
    },
    close: () => client.close(),
  };
}

async function readTarget(
  client: AlibabaClient,
  scope: InstanceScope,
  target: AlibabaTarget,
  options: CollectOptions,
  logger: Logger,
): Promise<AlibabaSnapshotTarget> {
  const globs = options.principals ?? [];
  const listed = options.listed;
  // A principal re-read keeps the instance settings just listed: only the principals are in question.
  const reuse =
    globs.length > 0 && listed?.provider === "alibaba" && listed.status === "ok"
      ? listed.instance
      : undefined;
  // GetInstance first: a missing instance or bad credentials cost one request, not four.
  const detail = reuse ? undefined : await client.getInstance(scope);
  const [instance, accounts] = await Promise.all([
    detail ? client.listInstanceIpWhitelist(scope).then((w) => toInstance(detail, w)) : reuse,
    options.instanceOnly
      ? []
      : globs.length > 0
        ? readNamedAccounts(client, scope, namedAccounts(target, globs), logger)
        : readAllAccounts(client, scope, logger),
  ]);
  const ok = AlibabaTargetOkSchema.safeParse({
    provider: "alibaba",
    region: target.region,
    instanceId: target.instanceId,
    status: "ok",
    error: null,
    instance,
    accounts,
  });
  if (ok.success) return ok.data;
  // A safety net behind the response schemas: nothing unvalidated reaches a snapshot.
  const issue = ok.error.issues[0];
  const error = {
    code: MALFORMED,
    message: `collected data does not fit the snapshot: ${formatPath(issue?.path ?? [])}: ${issue?.message}`,
    httpStatus: null,
    call: null,
    requestId: null,
  };
  logger.error("target could not be read", { ...error });
  return errorTarget(target, error);
}

async function readAllAccounts(client: AlibabaClient, scope: InstanceScope, logger: Logger) {
  const [accounts, acls] = await Promise.all([
    client.listInstanceAccounts(scope),
    client.listInstanceAcls(scope),
  ]);
  return assembleAccounts(accounts.map(accountFacts), acls, logger);
}

/** Baseline accounts whose names match a `--principal` glob; a glob matching none is fine. */
function namedAccounts(target: AlibabaTarget, globs: readonly string[]) {
  const named = anyGlob(globs);
  return Object.entries(target.accounts ?? {})
    .filter(([name]) => named(name))
    .map(([username, expectation]) => ({
      username,
      resources: [...new Set((expectation.acls ?? []).map((a) => a.resource))],
    }));
}

/** The snapshot entry of an Alibaba target that could not be read. */
export function errorTarget(target: AlibabaTarget, error: TargetError): AlibabaTargetError {
  return {
    provider: "alibaba",
    region: target.region,
    instanceId: target.instanceId,
    status: "error",
    error,
  };
}
