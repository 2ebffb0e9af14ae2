// The ApsaraMQ for RocketMQ 5.x (2022-08-01) read calls: signed GETs through the shared executor
// (budget → sign → send → parse → retry), paging, error mapping, and the point of no return for
// secrets: GetInstanceAccount's `password` is deleted before validation and never leaves this file.
import type { z } from "zod";
import { openApiConnection } from "../../net/api-call.ts";
import type { HttpResponse } from "../../net/transport.ts";
import type { ListingMode } from "../consistent-listing.ts";
import { createSecretRegistry, takeSecretFields } from "../redact.ts";
import type { AlibabaCredentials, CollectorOptions } from "../types.ts";
import { listAllPages, type PageQuery, pageOf, pageQuery } from "./paging.ts";
import { buildSignedRequest, type RoaRequestSpec } from "./request.ts";
import {
  AlibabaApiError,
  createAlibabaRedactor,
  type ReadOptions,
  readResponse,
} from "./response.ts";
import {
  type AccountDetail,
  AccountDetailSchema,
  AccountPageSchema,
  type AclEntry,
  AclEntrySchema,
  AclPageSchema,
  InstanceDetailSchema,
  InstancePageSchema,
  IpWhitelistPageSchema,
  type Page,
} from "./schemas.ts";

export interface AlibabaClientOptions
  extends Omit<CollectorOptions<AlibabaCredentials>, "endpointOverride"> {
  /** Items asked for per page; the server may clamp it. */
  pageSize?: number;
}

/** Where and on whose behalf a call goes. */
export interface CallScope {
  /** Endpoint origin, see `resolveEndpoint`. */
  origin: string;
  /** Target key, for errors and logs. */
  target?: string;
  signal?: AbortSignal;
  /** Counts HTTP requests actually sent (retries included). */
  onRequest?: () => void;
}

export interface InstanceScope extends CallScope {
  instanceId: string;
}

export const DEFAULT_PAGE_SIZE = 100;

export type AlibabaClient = ReturnType<typeof createAlibabaClient>;

export function createAlibabaClient(options: AlibabaClientOptions) {
  const { accessKeySecret, securityToken } = options.credentials;
  const secrets = options.secrets ?? createSecretRegistry();
  secrets.add(accessKeySecret);
  secrets.add(securityToken);
  const headers = createAlibabaRedactor([]);
  const redact = (text: string) => secrets.redact(headers(text));
  // One connection per client, i.e. per cloud account: every target shares its pool and budget.
  // The budget's default burst keeps every one-second window within the account's QPS (Alibaba's
  // flow control counts per account, across all its RAM users and tools).
  const { executor, close } = openApiConnection("alibaba", {
    ...options,
    redact,
    budgetClock:
      options.budgetClock && options.sleep
        ? { now: options.budgetClock, sleep: options.sleep }
        : undefined,
  });
  const dropPasswords = (data: unknown) => takeSecretFields(data, /^password$/i, secrets);

  const call: Call = (scope, spec, schema, read = {}) =>
    executor.execute(
      {
        call: spec.action,
        build: () => buildSignedRequest({ ...spec, origin: scope.origin }, options),
        // The secret boundary. GetInstanceAccount returns the account's password; every response
        // loses its `password` fields here, in place and before validation, so no schema error,
        // log line or returned object carries one; the value is registered first, so an echo of
        // it in any later answer of the run is blanked too.
        parse: (res: HttpResponse) =>
          readResponse(spec.action, res, schema, { scrub: dropPasswords, redact, ...read }),
      },
      { signal: scope.signal, onRequest: scope.onRequest, target: scope.target },
    );
  return {
    ...readCalls(call, options.pageSize ?? DEFAULT_PAGE_SIZE, options.listing),
    close,
  };
}

function readCalls(call: Call, pageSize: number, mode?: ListingMode) {
  const list = <T>(
    scope: CallScope,
    action: string,
    segments: string[],
    schema: z.ZodType<Page<T>>,
    key: (item: T) => string,
    query: (p: PageQuery) => PageQuery = (p) => p,
  ) =>
    listAllPages(
      async (req) =>
        pageOf(
          await call(scope, { action, segments, query: { ...query(pageQuery(req)) } }, schema),
        ),
      { call: action, pageSize, key, mode },
    );
  const at = (scope: InstanceScope, ...rest: string[]) => ["instances", scope.instanceId, ...rest];
  return {
    /** ListInstances, all pages. The server requires pageNumber and pageSize (10..200). */
    listInstances: (scope: CallScope) =>
      list(
        scope,
        "ListInstances",
        ["instances"],
        InstancePageSchema,
        (i) => i.instanceId,
        (p) => ({
          ...p,
          pageSize: Math.min(200, Math.max(10, p.pageSize)),
        }),
      ),
    getInstance: (scope: InstanceScope) =>
      call(scope, { action: "GetInstance", segments: at(scope) }, InstanceDetailSchema),
    listInstanceAccounts: (scope: InstanceScope) =>
      list(
        scope,
        "ListInstanceAccount",
        at(scope, "accounts"),
        AccountPageSchema,
        (a) => a.username,
      ),
    /** GetInstanceAccount without the password; `null` when the account does not exist. */
    getInstanceAccount: (scope: InstanceScope, username: string) =>
      orNull(getAccount(call, scope, at(scope, "account"), username)),
    listInstanceAcls: (scope: InstanceScope) =>
      list(scope, "ListInstanceAcl", at(scope, "acl"), AclPageSchema, aclKey),
    /** GetInstanceAcl for one (username, resource); `null` when there is no such entry. */
    getInstanceAcl: (
      scope: InstanceScope,
      username: string,
      resourceType: string,
      resourceName: string,
    ) =>
      orNull(
        call(
          scope,
          {
            action: "GetInstanceAcl",
            segments: at(scope, "acl", "account", username),
            query: { resourceType, resourceName },
          },
          AclEntrySchema,
          { check: sameAcl(username, resourceType, resourceName) },
        ),
      ),
    listInstanceIpWhitelist: (scope: InstanceScope) =>
      list(
        scope,
        "ListInstanceIpWhitelist",
        at(scope, "ip", "whitelist"),
        IpWhitelistPageSchema,
        (ip) => ip,
      ),
  };
}

type Call = <S extends z.ZodType>(
  scope: CallScope,
  spec: Omit<RoaRequestSpec, "origin">,
  schema: S,
  read?: ReadOptions,
) => Promise<z.output<S>>;

function getAccount(
  call: Call,
  scope: CallScope,
  segments: string[],
  username: string,
): Promise<AccountDetail> {
  return call(
    scope,
    { action: "GetInstanceAccount", segments, query: { username } },
    AccountDetailSchema,
    {
      // Without a username the API answers with the default account; another name means the
      // question answered was not the one asked.
      check: (a: AccountDetail) =>
        a.username === username ? undefined : "data.username: not the account asked for",
    },
  );
}

function sameAcl(username: string, resourceType: string, resourceName: string) {
  return (e: AclEntry) =>
    e.username === username && e.resourceType === resourceType && e.resourceName === resourceName
      ? undefined
      : "data: not the ACL entry asked for";
}

export function aclKey(
  entry: Pick<AclEntry, "username" | "resourceType" | "resourceName">,
): string {
  return JSON.stringify([entry.username, entry.resourceType, entry.resourceName]);
}

/**
 * The point reads' "gone" codes (reference §9, from Terraform's alicloud provider). Which envelope
 * and HTTP status carry them is not published, so only the code is read. GetInstanceAcl also takes
 * the account's code: an account that does not exist has no ACL entry either. Anything else —
 * `Instance.NotFound`, `InvalidApi.NotFound` (wrong URL or action) — fails the target.
 */
const ABSENT_CODES: Readonly<Record<string, ReadonlySet<string>>> = {
  GetInstanceAccount: new Set(["InstanceAccount.NotExisted"]),
  GetInstanceAcl: new Set(["InstanceAcl.NotExisted", "InstanceAccount.NotExisted"]),
};

/** A point read of something that does not exist is an answer (absent), not a failure. */
export function isAbsent(err: unknown): boolean {
  if (!(err instanceof AlibabaApiError)) return false;
  if (err.envelope !== "service" && err.envelope !== "gateway") return false;
  return ABSENT_CODES[err.details.call]?.has(err.details.code) ?? false;
}

async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (err) {
    if (isAbsent(err)) return null;
    throw err;
  }
}
