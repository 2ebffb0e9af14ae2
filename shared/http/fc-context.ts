// Alibaba Function Compute hands every Node.js handler a `context` whose `credentials` are the STS keys
// of the function's role (https://www.alibabacloud.com/help/en/functioncompute/context). Both FC
// adapters (HTTP and timer) pass them on, for the RocketMQ API and for OSS through its S3-compatible
// API, so the auditor never needs long-lived keys on FC.

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

export interface HuaweiCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

/** The platform's temporary keys in the shape the S3 client takes (OSS and OBS accept STS tokens). */
export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What the adapters may ask of `getDefaultApp`; mirrors its `overrides` parameter. */
export interface AppOverrides {
  alibabaCredentials?: AlibabaCredentials;
  huaweiCredentials?: HuaweiCredentials;
  storeCredentials?: StoreCredentials;
}

/** The role's credentials as app overrides; empty when the function has no role. */
export function overridesFromFcContext(context: FcContext | undefined): AppOverrides {
  const c = context?.credentials;
  if (!c?.accessKeyId || !c.accessKeySecret) return {};
  const token = c.securityToken ? { securityToken: c.securityToken } : {};
  return {
    alibabaCredentials: {
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      ...token,
    },
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
