// Shared fixtures for the Alibaba provider tests: seeds, a running stand-in, a fake sleep that
// records the waits asked for, and a logger that keeps every line unscrubbed.

import {
  type AlibabaRoute,
  type AlibabaSeed,
  createAlibabaRoute,
} from "../../../sandbox/alibaba.ts";
import type { SandboxKnobs } from "../../../sandbox/faults.ts";
import { type RunningSandbox, startSandbox } from "../../../sandbox/server.ts";
import type { LogFields, Logger } from "../../../shared/log/logger.ts";
import type { Acl2Principal } from "../../../shared/model/acl2.ts";
import { createAlibabaCollector } from "../../../shared/providers/alibaba/collect.ts";
import type { AlibabaTarget } from "../../../shared/providers/alibaba/target.ts";
import type { SnapshotTarget } from "../../../shared/providers/index.ts";
import type { AlibabaCredentials } from "../../../shared/providers/types.ts";

export const KEY: AlibabaCredentials = {
  accessKeyId: "LTAI5tTestKey0001",
  accessKeySecret: "test-secret-0001",
};
export const STS_KEY: AlibabaCredentials = {
  accessKeyId: "STS.NTestStsKey0001",
  accessKeySecret: "sts-secret-0001",
  securityToken: "CAIS-sts-token-0001",
};
export const REGION = "cn-hangzhou";
export const INSTANCE = "rmq-cn-test0001";

type SeedInstance = AlibabaSeed["instances"][number];

export function instanceSeed(overrides: Partial<SeedInstance> = {}): SeedInstance {
  return {
    regionId: REGION,
    instanceId: INSTANCE,
    instanceName: "test",
    aclTypes: ["apache_acl"],
    vpcAuthFree: false,
    internetWhitelist: ["203.0.113.0/24"],
    accessWhitelist: ["10.0.0.0/8", "192.168.0.0/16"],
    accounts: [
      {
        username: "app-orders",
        password: "pw-orders",
        accountType: "CUSTOMER",
        accountStatus: "ENABLE",
      },
      { username: "ops", password: "pw-ops", accountType: "CUSTOMER", accountStatus: "DISABLE" },
    ],
    acls: [
      acl("app-orders", "Topic", "orders", ["Pub"], ["10.0.0.0/8"]),
      acl("app-orders", "Group", "GID_orders", ["Sub"]),
      acl("ops", "Topic", "orders", ["Pub|Sub"], [], "Deny"),
    ],
    ...overrides,
  };
}

export function acl(
  username: string,
  resourceType: string,
  resourceName: string,
  actions: string[],
  ipWhitelists: string[] = [],
  decision = "Allow",
): SeedInstance["acls"][number] {
  return { username, resourceType, resourceName, decision, actions, ipWhitelists };
}

export function seedWith(instances: SeedInstance[], extra: Partial<AlibabaSeed> = {}): AlibabaSeed {
  return {
    accessKeys: [
      { id: KEY.accessKeyId, secret: KEY.accessKeySecret },
      {
        id: STS_KEY.accessKeyId,
        secret: STS_KEY.accessKeySecret,
        securityToken: STS_KEY.securityToken,
      },
    ],
    instances,
    ...extra,
  };
}

export interface Stand {
  route: AlibabaRoute;
  sandbox: RunningSandbox;
  url: string;
}

export async function startStandIn(seed: AlibabaSeed, knobs: SandboxKnobs = {}): Promise<Stand> {
  const route = createAlibabaRoute(seed, knobs);
  const sandbox = await startSandbox({ routes: [route] });
  return { route, sandbox, url: sandbox.url };
}

/** Resolves at once and records every wait the code asked for. */
export function fakeSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { waits, sleep };
}

/** Keeps every line with all its fields, unscrubbed, so a test sees exactly what was offered. */
export function capturingLogger(
  lines: string[] = [],
  base: LogFields = {},
): Logger & { lines: string[] } {
  const emit = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, message, ...base, ...fields }, errorReplacer));
  };
  return {
    lines,
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => capturingLogger(lines, { ...base, ...fields }),
  };
}

function errorReplacer(_key: string, value: unknown) {
  return value instanceof Error ? dumpError(value) : value;
}

/** Everything an error carries: name, message, own fields, stack, and the cause chain. */
export function dumpError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const own = Object.fromEntries(Object.entries(err));
  return {
    ...own,
    name: err.name,
    message: err.message,
    stack: err.stack,
    cause: dumpError(err.cause),
  };
}

export function target(
  url: string | undefined,
  overrides: Partial<AlibabaTarget> = {},
): AlibabaTarget {
  return {
    provider: "alibaba",
    region: REGION,
    instanceId: INSTANCE,
    ...(url ? { endpoint: url } : {}),
    ...overrides,
  };
}

/** The accounts of an ok Alibaba snapshot target; throws for anything else. */
export function accountsOf(t: SnapshotTarget): Acl2Principal[] {
  if (t.status === "ok" && t.provider === "alibaba") return t.accounts;
  throw new Error(`not an ok Alibaba target: ${JSON.stringify(t)}`);
}

export type CollectorOptions = Parameters<typeof createAlibabaCollector>[0];

export function collectorFor(url: string, overrides: Partial<CollectorOptions> = {}) {
  return createAlibabaCollector({
    credentials: KEY,
    endpointOverride: url,
    qps: 1000,
    concurrency: 4,
    timeoutMs: 2_000,
    random: () => 0.5,
    ...overrides,
  });
}
