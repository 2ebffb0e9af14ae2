// Alibaba Function Compute hands every Node.js handler a `context` whose `credentials` are the STS keys
// of the function's role (https://www.alibabacloud.com/help/en/functioncompute/context). Both FC
// adapters (HTTP and timer) pass them on, for the RocketMQ API and for OSS through its S3-compatible
// API, so the auditor never needs long-lived keys on FC.
import type { StoreCredentials } from "../shared/audit/types.ts";
import type { ProviderCredentials } from "../shared/providers/index.ts";

export interface FcContext {
  requestId?: string;
  /** The function's account and region (FC 3.0 context), used to invoke fan-out workers. */
  accountId?: string;
  region?: string;
  credentials?: {
    accessKeyId?: string;
    accessKeySecret?: string;
    securityToken?: string;
  };
}

/** What the adapters may ask of `getDefaultApp`; mirrors its `overrides` parameter. */
export interface AppOverrides {
  /** Per-invocation credentials by provider; they win over the environment's keys. */
  credentials?: ProviderCredentials;
  storeCredentials?: StoreCredentials;
  /** Function Compute's account and region, for invoking fan-out workers on FC. */
  platform?: { accountId?: string; region?: string };
}

/** The role's credentials as app overrides; empty when the function has no role. */
export function overridesFromFcContext(context: FcContext | undefined): AppOverrides {
  const platform = context?.accountId
    ? { platform: { accountId: context.accountId, region: context.region } }
    : {};
  const c = context?.credentials;
  if (!c?.accessKeyId || !c.accessKeySecret) return platform;
  const alibaba = {
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    ...(c.securityToken ? { securityToken: c.securityToken } : {}),
  };
  return {
    ...platform,
    credentials: { alibaba },
    storeCredentials: storeCredentials(c.accessKeyId, c.accessKeySecret, c.securityToken),
  };
}

export function storeCredentials(id: string, secret: string, token?: string): StoreCredentials {
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
}

/** FC delivers events as a Buffer of JSON text; tests and local runs may pass a string or object. */
export function parseFcEvent(event: unknown): unknown {
  if (Buffer.isBuffer(event)) return JSON.parse(event.toString("utf8"));
  if (typeof event === "string") return JSON.parse(event);
  return event;
}
