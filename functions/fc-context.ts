// Alibaba Function Compute hands every Node.js handler a `context` whose `credentials` are the STS keys
// of the function's role (https://www.alibabacloud.com/help/en/functioncompute/context). Both FC
// adapters (HTTP and timer) pass them on, so the auditor never needs long-lived keys on FC.

export interface FcContext {
  requestId?: string;
  credentials?: {
    accessKeyId?: string;
    accessKeySecret?: string;
    securityToken?: string;
  };
}

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** What the adapters may ask of `getDefaultApp`; mirrors its `overrides` parameter. */
export interface AppOverrides {
  alibabaCredentials?: AlibabaCredentials;
}

/** The role's credentials as app overrides; empty when the function has no role. */
export function overridesFromFcContext(context: FcContext | undefined): AppOverrides {
  const c = context?.credentials;
  if (!c?.accessKeyId || !c.accessKeySecret) return {};
  const alibabaCredentials: AlibabaCredentials = {
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    ...(c.securityToken ? { securityToken: c.securityToken } : {}),
  };
  return { alibabaCredentials };
}

/** FC delivers events as a Buffer of JSON text; tests and local runs may pass a string or object. */
export function parseFcEvent(event: unknown): unknown {
  if (Buffer.isBuffer(event)) return JSON.parse(event.toString("utf8"));
  if (typeof event === "string") return JSON.parse(event);
  return event;
}
