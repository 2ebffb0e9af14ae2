// The Alibaba collector: one baseline target → one snapshot target. Every audit reads GetInstance
// and all pages of ListInstanceIpWhitelist; a full audit adds all pages of ListInstanceAccount and
// ListInstanceAcl, a `--principal` audit GetInstanceAccount / GetInstanceAcl for the baseline's
// named entries only.
// Any failure after retries makes the target `status: "error"`, never an empty clean one.
import type { AlibabaTarget } from "../../baseline/schema.ts";
import { globMatch } from "../../drift/glob.ts";
import { InputError, ProviderError } from "../../errors.ts";
import { type Logger, silentLogger } from "../../log/logger.ts";
import {
  AlibabaTargetOkSchema,
  type SnapshotTarget,
  type TargetError,
  targetKey,
} from "../../model/snapshot.ts";
import type { AlibabaCredentials, CollectOptions, Collector, CollectorOptions } from "../types.ts";
import { type AlibabaClient, createAlibabaClient, type InstanceScope } from "./client.ts";
import { resolveEndpoint } from "./endpoint.ts";
import { accountFacts, assembleAccounts, toInstance } from "./map.ts";
import { readNamedAccounts } from "./principal.ts";
import { formatPath, MALFORMED } from "./response.ts";
import type { InstanceSummary } from "./schemas.ts";

export interface AlibabaCollectorOptions extends CollectorOptions<AlibabaCredentials> {
  /** Items per page asked of list calls (default 100; the server may clamp). */
  pageSize?: number;
  /** Signing clock, for tests. */
  now?: () => Date;
}

export interface AlibabaCollector {
  collect: Collector<AlibabaTarget>;
  listInstances(region: string, endpoint?: string): Promise<InstanceSummary[]>;
  close(): Promise<void>;
}

/** One collector per cloud account: every target it collects shares one budget and one pool. */
export function createAlibabaCollector(options: AlibabaCollectorOptions): AlibabaCollector {
  const client = createAlibabaClient(options);
  const collect: Collector<AlibabaTarget> = async (target, collectOptions = {}) => {
    const started = performance.now();
    let apiCalls = 0;
    const key = targetKey(target);
    const logger = (collectOptions.logger ?? options.logger ?? silentLogger).child({ target: key });
    // Once the target has failed (or finished), calls still in flight for it are abandoned
    // instead of spending the account's budget on an answer nobody will read.
    const done = new AbortController();
    const signal = collectOptions.signal
      ? AbortSignal.any([collectOptions.signal, done.signal])
      : done.signal;
    let snapshot: SnapshotTarget;
    try {
      const scope: InstanceScope = {
        origin: resolveEndpoint(target.region, target.endpoint, options.endpointOverride),
        instanceId: target.instanceId,
        target: key,
        signal,
        onRequest: () => {
          apiCalls++;
        },
      };
      snapshot = await readTarget(client, scope, target, collectOptions, logger);
    } catch (err) {
      snapshot = errorTarget(target, describeFailure(err), logger);
    } finally {
      done.abort();
    }
    const durationMs = Math.round(performance.now() - started);
    logger.debug("target collected", { status: snapshot.status, apiCalls, durationMs });
    return { target: snapshot, apiCalls, durationMs };
  };
  return {
    collect,
    listInstances: (region, endpoint) =>
      client.listInstances({ origin: resolveEndpoint(region, endpoint, options.endpointOverride) }),
    close: () => client.close(),
  };
}

async function readTarget(
  client: AlibabaClient,
  scope: InstanceScope,
  target: AlibabaTarget,
  options: CollectOptions,
  logger: Logger,
): Promise<SnapshotTarget> {
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
    globs.length > 0
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
  return errorTarget(
    target,
    {
      code: MALFORMED,
      message: `collected data does not fit the snapshot: ${formatPath(issue?.path ?? [])}: ${issue?.message}`,
      httpStatus: null,
      call: null,
      requestId: null,
    },
    logger,
  );
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
  return Object.entries(target.accounts ?? {})
    .filter(([name]) => globs.some((g) => globMatch(g, name)))
    .map(([username, expectation]) => ({
      username,
      resources: [...new Set((expectation.acls ?? []).map((a) => a.resource))],
    }));
}

function errorTarget(target: AlibabaTarget, error: TargetError, logger: Logger): SnapshotTarget {
  logger.error("target could not be read", { ...error });
  return {
    provider: "alibaba",
    region: target.region,
    instanceId: target.instanceId,
    status: "error",
    error,
  };
}

function describeFailure(err: unknown): TargetError {
  if (err instanceof ProviderError) {
    const d = err.details;
    return {
      code: d.code,
      message: err.reason,
      httpStatus: d.httpStatus,
      call: d.call,
      requestId: d.requestId,
    };
  }
  const code = err instanceof InputError ? "InvalidTarget" : "InternalError";
  const message = err instanceof Error ? err.message : String(err);
  return { code, message, httpStatus: null, call: null, requestId: null };
}
