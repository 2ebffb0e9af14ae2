// Huawei FunctionGraph hands Node.js handlers a `context` object with getters. With an agency set on
// the function, getSecurityAccessKey/SecretKey/Token return its temporary keys (valid 24 h): they
// serve the DMS for RocketMQ API and OBS through its S3-compatible API, so no long-lived AK/SK is
// needed on FunctionGraph. Without an agency the getters return empty strings.
import { type AppOverrides, storeCredentials } from "./fc-context.ts";

export interface FgContext {
  getRequestID?(): string;
  getSecurityAccessKey?(): string;
  getSecuritySecretKey?(): string;
  getSecurityToken?(): string;
}

/** The agency's keys as app overrides; empty when the function has no agency. */
export function overridesFromFgContext(context: FgContext | undefined): AppOverrides {
  const ak = call(context?.getSecurityAccessKey, context);
  const sk = call(context?.getSecuritySecretKey, context);
  if (!ak || !sk) return {};
  const token = call(context?.getSecurityToken, context);
  return {
    credentials: { huawei: { ak, sk, ...(token ? { securityToken: token } : {}) } },
    storeCredentials: storeCredentials(ak, sk, token),
  };
}

export function fgRequestId(context: FgContext | undefined): string | undefined {
  return call(context?.getRequestID, context);
}

// A getter that throws (no agency, older runtime) means "not available", never a failed invocation.
function call(getter: (() => string) | undefined, self: unknown): string | undefined {
  try {
    const value = getter?.call(self);
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}
