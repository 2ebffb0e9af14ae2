// One interface for every way a coordinator starts a fan-out worker (DESIGN.md §9): Function Compute
// through @alicloud/fc2 or FC 3.0's own InvokeFunction, Lambda's InvokeCommand, FunctionGraph's
// AsyncInvokeFunction, or a local child process. Each adapter only delivers the payload
// asynchronously; the worker reads everything else (plan, baseline) from the store, so payloads stay
// tiny.

export const FANOUT_PLATFORMS = ["fc2", "fc3", "functiongraph", "lambda", "local"] as const;
export type FanoutPlatform = (typeof FANOUT_PLATFORMS)[number];

/** What a worker is given: the run, its shard number, and where the plan lies in the store. */
export interface ShardRef {
  runId: string;
  n: number;
  planKey: string;
}

export interface WorkerPayload {
  shard: ShardRef;
}

export interface InvokeResult {
  /** The platform's request id for the accepted async invocation, when it returns one. */
  requestId: string | null;
  /**
   * Only where the invoker can see the worker end (local child processes): resolves with why the
   * worker failed, or `null` when it exited normally. The coordinator then stops waiting for it.
   */
  settled?: Promise<string | null>;
}

export interface WorkerInvoker {
  readonly platform: FanoutPlatform;
  /**
   * Hands one payload to the platform's asynchronous invocation and resolves once the platform has
   * accepted it (FC: 202, Lambda: 202, local: the child started). Rejects with an `InvokeError`
   * naming the platform, function, HTTP status, error code and request id — never a credential.
   */
  invoke(payload: WorkerPayload, signal?: AbortSignal): Promise<InvokeResult>;
  /** Releases sockets/clients. Idempotent. */
  close(): Promise<void>;
}

/** Alibaba credentials for the FC invokers (FC injects them; STS tokens included). */
export interface AlibabaInvokeCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface FcInvokerOptions {
  /** FC 3.0: the function name. FC 2.0 (fc2): `service/function` or `service$function`. */
  functionName: string;
  accountId: string;
  region: string;
  credentials: AlibabaInvokeCredentials;
  /** Replaces `https://{accountId}.{region}.fc.aliyuncs.com` (private endpoints, stand-ins). */
  endpoint?: string;
  /** Optional version or alias. */
  qualifier?: string;
  timeoutMs: number;
}

export interface LambdaInvokerOptions {
  /** Function name, partial ARN or full ARN (a qualifier may follow `:`). */
  functionName: string;
  region: string;
  /** Replaces the regional Lambda endpoint (stand-ins). */
  endpoint?: string;
  /** Omitted: the SDK's default provider chain (the Lambda role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  timeoutMs: number;
}
