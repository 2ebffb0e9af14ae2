// The four DMS for RocketMQ operations of the stand-in, answered from the seed in the documented
// shapes, with DMS error bodies for bad ids, unknown instances/users and out-of-range paging.
import { type HuaweiSeed, type HuaweiSeedInstance, instanceBody } from "./huawei-seed.ts";

export type HuaweiCall = "ListInstances" | "ShowInstance" | "ListUser" | "ShowUser" | "Unknown";

export interface HuaweiRoutePath {
  call: HuaweiCall;
  projectId?: string;
  instanceId?: string;
  userName?: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROJECT = /^[0-9a-f]{32}$/i;

const dmsError = (status: number, code: string, msg: string): Reply => ({
  status,
  body: { error_code: code, error_msg: msg },
});

export function parseRoutePath(method: string, pathname: string): HuaweiRoutePath {
  const parts = pathname.split("/").map((p) => safeDecode(p));
  const [, v2, projectId, instances, instanceId, users, userName, ...rest] = parts;
  if (method !== "GET" || v2 !== "v2" || instances !== "instances" || rest.length > 0) {
    return { call: "Unknown" };
  }
  if (instanceId === undefined) return { call: "ListInstances", projectId };
  if (users === undefined) return { call: "ShowInstance", projectId, instanceId };
  if (users !== "users") return { call: "Unknown" };
  if (userName === undefined) return { call: "ListUser", projectId, instanceId };
  return { call: "ShowUser", projectId, instanceId, userName };
}

export function answer(seed: HuaweiSeed, path: HuaweiRoutePath, query: URLSearchParams): Reply {
  if (path.call === "Unknown") return dmsError(404, "DMS.00404001", "The URL does not exist.");
  if (!PROJECT.test(path.projectId ?? "")) {
    return dmsError(400, "DMS.00400002", "Invalid project ID format.");
  }
  if (path.call === "ListInstances") return listInstances(seed, path.projectId ?? "", query);
  if (!UUID.test(path.instanceId ?? "")) {
    return dmsError(400, "DMS.00400030", "Invalid instance ID. It must be a UUID.");
  }
  const inst = seed.instances.find(
    (i) => i.projectId === path.projectId && i.instanceId === path.instanceId,
  );
  if (!inst) return dmsError(404, "DMS.00404022", "The instance does not exist.");
  if (path.call === "ShowInstance") return { status: 200, body: instanceBody(inst) };
  if (path.call === "ListUser") return listUsers(seed, inst, query);
  const user = inst.users.find((u) => u.access_key === path.userName);
  // The code DMS returns for a user the instance does not have (see USER_NOT_FOUND_CODE).
  if (!user) return dmsError(400, "DMS.00500972", "The user does not exist.");
  return { status: 200, body: user };
}

function listInstances(seed: HuaweiSeed, projectId: string, query: URLSearchParams): Reply {
  const engine = query.get("engine");
  if (engine !== "rocketmq" && engine !== "reliability") {
    return dmsError(400, "DMS.00400001", "Invalid parameter: engine must be rocketmq.");
  }
  const page = readPaging(seed, query);
  if ("status" in page) return page;
  const all = seed.instances.filter((i) => i.projectId === projectId);
  return {
    status: 200,
    body: {
      instances: all.slice(page.offset, page.offset + page.limit).map(instanceBody),
      instance_num: all.length,
    },
  };
}

function listUsers(seed: HuaweiSeed, inst: HuaweiSeedInstance, query: URLSearchParams): Reply {
  const page = readPaging(seed, query);
  if ("status" in page) return page;
  return {
    status: 200,
    body: {
      users: inst.users.slice(page.offset, page.offset + page.limit),
      total: inst.users.length,
    },
  };
}

/** `limit` 1–50 (default 10), `offset` >= 0 (default 0); a seed `maxLimit` clamps the page size. */
function readPaging(
  seed: HuaweiSeed,
  query: URLSearchParams,
): { limit: number; offset: number } | Reply {
  const limit = readInt(query.get("limit"), 10);
  const offset = readInt(query.get("offset"), 0);
  if (limit === null || limit < 1 || limit > 50) {
    return dmsError(400, "DMS.00400001", "Invalid parameter: limit must be between 1 and 50.");
  }
  if (offset === null || offset < 0) {
    return dmsError(400, "DMS.00400001", "Invalid parameter: offset must not be negative.");
  }
  return { limit: Math.min(limit, seed.maxLimit ?? 50), offset };
}

function readInt(raw: string | null, fallback: number): number | null {
  if (raw === null) return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
