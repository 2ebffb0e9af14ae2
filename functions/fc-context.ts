// Alibaba Function Compute hands every Node.js handler a `context` whose `credentials` are the STS keys
// of the function's role (https://www.alibabacloud.com/help/en/functioncompute/context). Both FC
// adapters (HTTP and timer) pass them on, so the auditor never needs long-lived keys on FC.
import type { ProviderCredentials } from "../shared/providers/index.ts";

export interface FcContext {
  requestId?: string;
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
}

/** The role's credentials as app overrides; empty when the function has no role. */
export function overridesFromFcContext(context: FcContext | undefined): AppOverrides {
  const c = context?.credentials;
  if (!c?.accessKeyId || !c.accessKeySecret) return {};
  const alibaba = {
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    ...(c.securityToken ? { securityToken: c.securityToken } : {}),
  };
  return { credentials: { alibaba } };
}

/** FC delivers events as a Buffer of JSON text; tests and local runs may pass a string or object. */
export function parseFcEvent(event: unknown): unknown {
  if (Buffer.isBuffer(event)) return JSON.parse(event.toString("utf8"));
  if (typeof event === "string") return JSON.parse(event);
  return event;
}
