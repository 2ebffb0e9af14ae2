// The DMS for RocketMQ calls rmq-drift makes (ListInstances, ShowInstance, ListUser, ShowUser).
// What comes out is already clean: validated, permissions normalised, secret keys dropped.

import type { Perm4Principal } from "../../model/perm4.ts";
import type { ApiCall, ApiExecutor, CallContext } from "../../net/api-call.ts";
import type { HttpResponse } from "../../net/transport.ts";
import type { ListingMode, PageOf } from "../consistent-listing.ts";
import { createSecretRegistry, type SecretRegistry } from "../redact.ts";
import type { HuaweiCredentials } from "../types.ts";
import { toSnapshotUser, UserFieldError } from "./map.ts";
import { listAllPages, pageOffset } from "./paging.ts";
import {
  buildSignedRequest,
  type HuaweiLocation,
  type RequestQuery,
  type SignContext,
} from "./request.ts";
import {
  type Boundary,
  createRedactor,
  errorFromResponse,
  malformedResponse,
  readBody,
  USER_NOT_FOUND_CODE,
} from "./response.ts";
import {
  type InstanceWire,
  ListInstancesResponseSchema,
  ListUserResponseSchema,
  ROCKETMQ_ENGINES,
  ShowInstanceResponseSchema,
  UserWireSchema,
} from "./schemas.ts";

export type { HuaweiLocation } from "./request.ts";

/** The API's maximum page size for ListUser and ListInstances. */
export const PAGE_LIMIT = 50;

export interface HuaweiInstanceInfo {
  instanceId: string;
  name: string | null;
  engine: string;
  engineVersion: string | null;
  status: string;
  /** Null when a list entry omits it; ShowInstance always has it. */
  aclEnabled: boolean | null;
}

export interface HuaweiClient {
  listInstances(loc: HuaweiLocation, ctx?: CallContext): Promise<HuaweiInstanceInfo[]>;
  showInstance(
    loc: HuaweiLocation,
    instanceId: string,
    ctx?: CallContext,
  ): Promise<HuaweiInstanceInfo & { aclEnabled: boolean }>;
  /** Every user of the instance, over all pages, each exactly once. */
  listUsers(loc: HuaweiLocation, instanceId: string, ctx?: CallContext): Promise<Perm4Principal[]>;
  /** One user, or null when the instance has no such user. */
  showUser(
    loc: HuaweiLocation,
    instanceId: string,
    userName: string,
    ctx?: CallContext,
  ): Promise<Perm4Principal | null>;
}

export interface HuaweiClientOptions {
  executor: ApiExecutor;
  credentials: HuaweiCredentials;
  /** The clock requests are signed with; default the system clock. */
  signingClock?: () => Date;
  /** `RMQ_DRIFT_LISTING` (default `checked`). */
  listing?: ListingMode;
  /** The run's secrets (see `SecretRegistry`); the executor should redact with the same one. */
  secrets?: SecretRegistry;
}

type Parser<T> = (res: HttpResponse, boundary: Boundary) => T;

export function createHuaweiClient(options: HuaweiClientOptions): HuaweiClient {
  const sign: SignContext = {
    credentials: options.credentials,
    signingClock: options.signingClock ?? (() => new Date()),
  };
  const secrets = options.secrets ?? createSecretRegistry();
  secrets.add(options.credentials.sk);
  secrets.add(options.credentials.securityToken);
  const boundary: Boundary = { redact: createRedactor(secrets.redact), secrets };
  const execute = <T>(
    loc: HuaweiLocation,
    call: string,
    segments: string[],
    parse: Parser<T>,
    ctx?: CallContext,
    query?: RequestQuery,
  ) => {
    const path = ["v2", loc.projectId, ...segments];
    const spec: ApiCall<T> = {
      call,
      build: () => buildSignedRequest(sign, loc, path, query, call),
      parse: (res) => parse(res, boundary),
    };
    return options.executor.execute(spec, ctx);
  };
  const listAll = <T>(
    loc: HuaweiLocation,
    call: string,
    segments: string[],
    parse: Parser<PageOf<T>>,
    keyOf: (item: T) => string,
    ctx?: CallContext,
    filter: RequestQuery = {},
  ) =>
    listAllPages(
      (req) =>
        execute(loc, call, segments, parse, ctx, {
          ...filter,
          offset: pageOffset(req),
          limit: PAGE_LIMIT,
        }),
      { call, pageSize: PAGE_LIMIT, key: keyOf, mode: options.listing },
    );

  return {
    listInstances: (loc, ctx) =>
      listAll(loc, "ListInstances", ["instances"], instancePage, (i) => i.instanceId, ctx, {
        engine: "rocketmq",
      }),
    showInstance: (loc, id, ctx) =>
      execute(loc, "ShowInstance", ["instances", id], showInstance, ctx),
    listUsers: (loc, id, ctx) =>
      listAll(loc, "ListUser", ["instances", id, "users"], userPage, (u) => u.accessKey, ctx),
    showUser: (loc, id, name, ctx) =>
      execute(
        loc,
        "ShowUser",
        ["instances", id, "users", name],
        (res, b) => showUser(res, b, name),
        ctx,
      ),
  };
}

function toInfo(
  wire: Omit<InstanceWire, "enable_acl"> & { enable_acl?: boolean },
): HuaweiInstanceInfo {
  return {
    instanceId: wire.instance_id,
    name: wire.name ?? null,
    engine: wire.engine,
    engineVersion: wire.engine_version ?? null,
    status: wire.status,
    aclEnabled: wire.enable_acl ?? null,
  };
}

function instancePage(res: HttpResponse, b: Boundary): PageOf<HuaweiInstanceInfo> {
  const body = readBody("ListInstances", res, ListInstancesResponseSchema, b);
  return { items: body.instances.map(toInfo), total: body.instance_num };
}

function showInstance(res: HttpResponse, b: Boundary) {
  const body = readBody("ShowInstance", res, ShowInstanceResponseSchema, b);
  // The same path serves DMS Kafka instances; a non-RocketMQ id in a baseline must not pass as one.
  // The value itself is not quoted: API text never goes into an error message.
  if (!ROCKETMQ_ENGINES.has(body.engine)) {
    throw malformedResponse("ShowInstance", res, "engine: not a RocketMQ engine");
  }
  return { ...toInfo(body), aclEnabled: body.enable_acl };
}

function userPage(res: HttpResponse, b: Boundary): PageOf<Perm4Principal> {
  const body = readBody("ListUser", res, ListUserResponseSchema, b);
  return {
    items: withFieldErrors("ListUser", res, () =>
      body.users.map((u, i) => toSnapshotUser(u, `users[${i}]`)),
    ),
    total: body.total,
  };
}

function showUser(res: HttpResponse, b: Boundary, userName: string): Perm4Principal | null {
  if (res.status === 400 || res.status === 404) {
    const err = errorFromResponse("ShowUser", res, b.redact);
    // Only the documented "no such user" code means absent; a gone instance, a wrong URL or flow
    // control stay errors, so a read failure never turns into a missing principal.
    if (err.details.code === USER_NOT_FOUND_CODE) return null;
    throw err;
  }
  const body = readBody("ShowUser", res, UserWireSchema, b);
  // Another user's permissions reported under this name would be drift (or its absence) made up.
  if (body.access_key !== userName) {
    throw malformedResponse("ShowUser", res, "access_key: not the user asked for");
  }
  return withFieldErrors("ShowUser", res, () => toSnapshotUser(body, ""));
}

function withFieldErrors<T>(call: string, res: HttpResponse, map: () => T): T {
  try {
    return map();
  } catch (err) {
    if (err instanceof UserFieldError) throw malformedResponse(call, res, err.message);
    throw err;
  }
}
