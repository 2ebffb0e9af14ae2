// Fan-out worker entry points (DESIGN.md §9): the same artifact on Lambda, Function Compute and
// FunctionGraph, invoked asynchronously by a coordinator with `{ shard: { runId, n, planKey } }`.
// A worker collects its shard's targets and writes `shards/{n}.json`; it never compares, alerts or
// moves `latest.json`. A payload that is not a shard reference is refused before anything is read.
// An error thrown here marks the invocation failed, so the platform's async retries apply; a retry
// rewrites only this shard.
import type { ShardOutcome } from "../shared/audit/types.ts";
import { parseWorkerPayload } from "../shared/invoke/payload.ts";
import type { WorkerPayload } from "../shared/invoke/types.ts";
import { createJsonLogger, type Logger } from "../shared/log/logger.ts";
import {
  type AppOverrides,
  type FcContext,
  overridesFromFcContext,
  parseFcEvent,
} from "./fc-context.ts";
import { type FgContext, overridesFromFgContext } from "./fg-context.ts";

export interface WorkerApp {
  runShard(payload: WorkerPayload): Promise<ShardOutcome>;
}
export type GetWorkerApp = (overrides?: AppOverrides) => Promise<WorkerApp>;

export interface WorkerHandlerOptions {
  logger?: Logger;
}

const defaultLogger = () => createJsonLogger({ base: { component: "worker" } });

/** Lambda: the async event is the JSON payload itself. */
export function createWorkerHandler(getApp: GetWorkerApp, options: WorkerHandlerOptions = {}) {
  const logger = options.logger ?? defaultLogger();
  return async (event: unknown): Promise<ShardOutcome> => run(event, await getApp(), logger);
}

/** Function Compute: the payload arrives as a Buffer; credentials come from the context. */
export function createFcWorkerHandler(getApp: GetWorkerApp, options: WorkerHandlerOptions = {}) {
  const logger = options.logger ?? defaultLogger();
  return async (raw: unknown, context?: FcContext): Promise<ShardOutcome> =>
    run(parseFcEvent(raw), await getApp(overridesFromFcContext(context)), logger);
}

/** FunctionGraph: a JSON object event; agency credentials from the context. */
export function createFgWorkerHandler(getApp: GetWorkerApp, options: WorkerHandlerOptions = {}) {
  const logger = options.logger ?? defaultLogger();
  return async (event: unknown, context?: FgContext): Promise<ShardOutcome> =>
    run(event, await getApp(overridesFromFgContext(context)), logger);
}

async function run(event: unknown, app: WorkerApp, logger: Logger): Promise<ShardOutcome> {
  const payload = parseWorkerPayload(event);
  const { runId, n } = payload.shard;
  logger.info("shard started", { runId, shard: n });
  const outcome = await app.runShard(payload);
  logger.info("shard finished", { runId, shard: n, result: outcome.result });
  return outcome;
}

const defaultGetApp: GetWorkerApp = async (overrides) => {
  const { getDefaultApp } = await import("../shared/audit/app.ts");
  return getDefaultApp(overrides);
};

export const handler = createWorkerHandler(defaultGetApp);
export const fcHandler = createFcWorkerHandler(defaultGetApp);
export const fgHandler = createFgWorkerHandler(defaultGetApp);
