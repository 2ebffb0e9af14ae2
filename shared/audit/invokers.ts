// Which invoker starts the workers: the platform `RMQ_DRIFT_FANOUT` names, with the worker function,
// the platform credentials and the endpoint the configuration gives. The cloud adapters are loaded
// on first use only, so a run that never fans out never loads an SDK.
import type { Config } from "../config/config.ts";
import { ConfigError } from "../errors.ts";
import { createLocalInvoker } from "../invoke/local.ts";
import type { FanoutPlatform, InvokeResult, WorkerInvoker } from "../invoke/types.ts";
import type { Logger } from "../log/logger.ts";
import type { ProviderCredentials } from "../providers/index.ts";

export interface InvokerChoice {
  platform: FanoutPlatform | undefined;
  /** `local`: the worker command; without it, this program's own `worker` command. */
  localCommand?: readonly [string, ...string[]];
  /** The run's store, which this program's own workers must write to (`--out` wins over the env). */
  reports: string;
  workers?: number;
  /** Per-invocation credentials (FC's role keys) win over the environment's. */
  credentials?: ProviderCredentials;
  /** Function Compute's account and region from the invocation context. */
  platformContext?: { accountId?: string; region?: string };
  logger: Logger;
}

/** Accepting an async invocation takes the platform well under a second; this is a stuck one. */
const TIMEOUT_MS = 10_000;

export function openInvoker(config: Readonly<Config>, choice: InvokerChoice): WorkerInvoker {
  const fanout = config.fanout;
  const platform = choice.platform ?? fanout.platform;
  if (platform === undefined) throw new ConfigError("fan-out needs RMQ_DRIFT_FANOUT");
  if (platform === "local") {
    return createLocalInvoker({
      command: choice.localCommand ?? selfWorkerCommand(choice.reports),
      workers: choice.workers ?? fanout.workers,
      logger: choice.logger,
    });
  }
  const functionName = fanout.workerFunction;
  if (functionName === undefined) {
    throw new ConfigError(`RMQ_DRIFT_FANOUT=${platform} needs RMQ_DRIFT_WORKER_FUNCTION`);
  }
  if (platform === "lambda") {
    const region = fanout.awsRegion;
    if (!region) throw new ConfigError("RMQ_DRIFT_FANOUT=lambda needs AWS_REGION (Lambda sets it)");
    return lazy(platform, async () =>
      (await import("../invoke/lambda.ts")).createLambdaInvoker({
        functionName,
        region,
        endpoint: fanout.endpoint,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  }
  if (platform === "functiongraph") {
    // FunctionGraph is Huawei Cloud's platform: the agency's keys FunctionGraph hands the invocation
    // (or the Huawei keys of the environment) sign it; the worker's URN names region and project.
    const credentials = choice.credentials?.huawei ?? config.huawei.credentials;
    if (!credentials) {
      throw new ConfigError(
        "RMQ_DRIFT_FANOUT=functiongraph needs Huawei credentials (the function's agency, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)",
      );
    }
    return lazy(platform, async () =>
      (await import("../invoke/functiongraph.ts")).createFunctionGraphInvoker({
        functionUrn: functionName,
        credentials,
        endpoint: fanout.endpoint,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  }
  // Function Compute is Alibaba Cloud's platform: the role keys FC hands the invocation (or the
  // Alibaba keys of the environment) sign the invocation, in the account and region FC names.
  const credentials = choice.credentials?.alibaba ?? config.alibaba.credentials;
  const accountId = choice.platformContext?.accountId ?? fanout.fcAccountId;
  const region = choice.platformContext?.region ?? fanout.fcRegion;
  if (!credentials || !accountId || !region) {
    throw new ConfigError(
      `RMQ_DRIFT_FANOUT=${platform} needs Alibaba credentials and the FC account and region (the FC context, or RMQ_DRIFT_FC_ACCOUNT_ID and RMQ_DRIFT_FC_REGION)`,
    );
  }
  const options = {
    functionName,
    accountId,
    region,
    credentials,
    endpoint: fanout.endpoint,
    timeoutMs: TIMEOUT_MS,
  };
  return lazy(platform, async () =>
    platform === "fc3"
      ? (await import("../invoke/fc3.ts")).createFc3Invoker(options)
      : (await import("../invoke/fc2.ts")).createFc2Invoker(options),
  );
}

/** This very program's `worker` command on the run's store: `node <entry script> worker --out S --payload`. */
function selfWorkerCommand(reports: string): readonly [string, ...string[]] {
  const script = process.argv[1];
  if (!script)
    throw new ConfigError("local fan-out needs the rmq-drift entry script (process.argv[1])");
  return [process.execPath, script, "worker", "--out", reports, "--payload"];
}

/** An invoker whose adapter (and SDK) is loaded on the first invocation. */
function lazy(platform: FanoutPlatform, load: () => Promise<WorkerInvoker>): WorkerInvoker {
  let loading: Promise<WorkerInvoker> | undefined;
  return {
    platform,
    invoke: async (payload, signal): Promise<InvokeResult> => {
      loading ??= load();
      return (await loading).invoke(payload, signal);
    },
    close: async () => {
      if (loading) await (await loading.catch(() => null))?.close();
    },
  };
}
