// Shared fixtures for the Huawei provider tests: a seeded stand-in on a real port, a virtual clock
// for retry waits, and a collector wired to both.

import type { FaultRule } from "../../../sandbox/faults.ts";
import {
  createHuaweiRoute,
  type HuaweiRoute,
  type HuaweiSeedInput,
} from "../../../sandbox/huawei.ts";
import type { HuaweiSeedUser } from "../../../sandbox/huawei-seed.ts";
import { type RunningSandbox, startSandbox } from "../../../sandbox/server.ts";
import {
  createHuaweiCollector,
  type HuaweiCollectorOptions,
} from "../../../shared/providers/huawei/collect.ts";
import type { HuaweiTarget } from "../../../shared/providers/huawei/target.ts";

export const PROJECT = "0123456789abcdef0123456789abcdef";
export const INSTANCE = "11111111-2222-3333-4444-555555555555";
export const OTHER_INSTANCE = "22222222-3333-4444-5555-666666666666";
export const AK = "HWTESTAK000000000001";
export const SK = "hw-test-secret-0001";

export function user(name: string, overrides: Partial<HuaweiSeedUser> = {}): HuaweiSeedUser {
  return {
    access_key: name,
    secret_key: `sk-of-${name}`,
    white_remote_address: "",
    admin: false,
    default_topic_perm: "SUB",
    default_group_perm: "DENY",
    topic_perms: [],
    group_perms: [],
    ...overrides,
  };
}

export function users(count: number, prefix = "user"): HuaweiSeedUser[] {
  return Array.from({ length: count }, (_, i) => user(`${prefix}_${String(i).padStart(3, "0")}`));
}

export function seedWith(
  instanceUsers: HuaweiSeedUser[],
  extra: Partial<HuaweiSeedInput> = {},
): HuaweiSeedInput {
  return {
    credentials: [{ ak: AK, sk: SK }],
    instances: [
      { projectId: PROJECT, instanceId: INSTANCE, enableAcl: true, users: instanceUsers },
      {
        projectId: PROJECT,
        instanceId: OTHER_INSTANCE,
        enableAcl: false,
        users: [user("other_user")],
      },
    ],
    ...extra,
  };
}

export interface HuaweiStandIn {
  route: HuaweiRoute;
  sandbox: RunningSandbox;
  url: string;
  close(): Promise<void>;
}

export async function startStandIn(
  seed: HuaweiSeedInput,
  faults: FaultRule[] = [],
): Promise<HuaweiStandIn> {
  const route = createHuaweiRoute(seed, { faults });
  const sandbox = await startSandbox({ routes: [route] });
  return { route, sandbox, url: sandbox.url, close: () => sandbox.close() };
}

/** Sleeps return at once and move a virtual clock; every wait is recorded. */
export function virtualClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}

export function collectorFor(endpoint: string, overrides: Partial<HuaweiCollectorOptions> = {}) {
  const clock = virtualClock();
  const collector = createHuaweiCollector({
    credentials: { ak: AK, sk: SK },
    endpointOverride: endpoint,
    qps: 1000,
    concurrency: 4,
    timeoutMs: 2_000,
    sleep: clock.sleep,
    budgetClock: clock.now,
    random: () => 1,
    ...overrides,
  });
  return { collector, clock };
}

export function target(overrides: Partial<HuaweiTarget> = {}): HuaweiTarget {
  return {
    provider: "huawei",
    region: "cn-north-4",
    projectId: PROJECT,
    instanceId: INSTANCE,
    ...overrides,
  };
}
