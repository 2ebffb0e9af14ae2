// How a credentials profile behaves for one run, whatever the cloud: fixed keys, or temporary keys
// obtained once, shared by every target of the profile, renewed before they expire and never
// written anywhere. A profile that cannot be assumed fails once and each of its targets carries
// that failure (code, request id) as its `unreadable` error.
import { ConfigError, ProviderError } from "../errors.ts";
import type { TargetError } from "../model/snapshot.ts";
import type { CredentialSource, ProfileContext } from "./module.ts";
import type { SecretRegistry } from "./redact.ts";

/** Temporary credentials are renewed when they have less than this left. */
export const RENEW_MARGIN_MS = 5 * 60 * 1000;
/**
 * What we ask STS/IAM for: both clouds' minimum (Alibaba DurationSeconds ≥ 900; Huawei 15 min to
 * 24 h). A run outliving it renews, so no credential lives much longer than the run needs it.
 */
export const SESSION_SECONDS = 900;

export function fixedSource<C>(account: string, credentials: C): CredentialSource<C> {
  return { account, current: () => credentials, fresh: async () => {} };
}

export interface Issued<C> {
  credentials: C;
  expiresAt: Date;
}

export interface TemporaryOptions<C> {
  account: string;
  /** Calls STS/IAM; rejects with its ProviderError. */
  issue(signal?: AbortSignal): Promise<Issued<C>>;
  /** The secret values of issued credentials, registered before anything can echo them. */
  secretsOf(credentials: C): ReadonlyArray<string | undefined>;
  secrets: SecretRegistry;
  now: () => Date;
}

export function temporarySource<C>(options: TemporaryOptions<C>): CredentialSource<C> {
  let issued: Issued<C> | undefined;
  let pending: Promise<void> | undefined;
  let failure: unknown;
  const valid = () =>
    issued !== undefined && issued.expiresAt.getTime() - options.now().getTime() > RENEW_MARGIN_MS;
  const renew = async (signal?: AbortSignal) => {
    try {
      const next = await options.issue(signal);
      for (const secret of options.secretsOf(next.credentials)) options.secrets.add(secret);
      issued = next;
    } catch (err) {
      // A refused role stays refused for this run: its other targets fail with the same error
      // instead of asking STS again for each of them.
      if (!(err instanceof ProviderError && err.details.retryable)) failure = err;
      throw err;
    } finally {
      pending = undefined;
    }
  };
  return {
    account: options.account,
    current: () => {
      if (!issued)
        throw new Error(`credentials of ${options.account} used before they were issued`);
      return issued.credentials;
    },
    fresh: async (signal) => {
      if (failure) throw failure;
      if (valid()) return;
      pending ??= renew(signal);
      await pending;
    },
  };
}

/**
 * A credentials object that always shows the source's current values: clients keep one object
 * for their life while the source renews what is behind it.
 */
export function liveCredentials<C extends object>(source: CredentialSource<C>): C {
  // Before the first issue every field reads undefined (a client registering its keys for
  // redaction at construction finds nothing yet; the source registers them when issued). No
  // request is signed before then: every target and listing awaits `fresh` first.
  const peek = (): C | undefined => {
    try {
      return source.current();
    } catch {
      return undefined;
    }
  };
  return new Proxy({} as C, {
    get: (_target, key) => {
      const now = peek();
      return now === undefined ? undefined : Reflect.get(now, key);
    },
    has: (_target, key) => Reflect.has(source.current(), key),
    ownKeys: () => Reflect.ownKeys(source.current()),
    getOwnPropertyDescriptor: (_target, key) =>
      Reflect.getOwnPropertyDescriptor(source.current(), key),
  });
}

/** A credential failure as the error of each target the profile serves. */
export function credentialFailure(err: unknown, profile: string): TargetError {
  if (err instanceof ProviderError) {
    const d = err.details;
    return {
      code: d.code,
      message: `credentials profile ${profile}: ${err.reason}`,
      httpStatus: d.httpStatus,
      call: d.call,
      requestId: d.requestId,
    };
  }
  const code = err instanceof ConfigError ? "CredentialsUnavailable" : "CredentialsError";
  const message = err instanceof Error ? err.message : String(err);
  return { code, message: `credentials profile ${profile}: ${message}`, httpStatus: null };
}

/**
 * Keys from the environment variables a profile names; both must be set. The secret and token join
 * the run's secret registry before anything else sees them.
 */
export function keysFromVariables(
  names: {
    accessKeyIdEnv: string;
    accessKeySecretEnv: string;
    securityTokenEnv?: string | undefined;
  },
  ctx: Pick<ProfileContext<unknown>, "profileName" | "variable" | "secrets">,
): { id: string; secret: string; token?: string } {
  const id = ctx.variable(names.accessKeyIdEnv);
  const secret = ctx.variable(names.accessKeySecretEnv);
  const unset = [!id && names.accessKeyIdEnv, !secret && names.accessKeySecretEnv].filter(Boolean);
  if (unset.length > 0) {
    throw new ConfigError(
      `credentials profile ${ctx.profileName} needs ${unset.join(" and ")}, not set`,
    );
  }
  const token = names.securityTokenEnv ? ctx.variable(names.securityTokenEnv) : undefined;
  ctx.secrets.add(secret);
  ctx.secrets.add(token);
  return { id: id as string, secret: secret as string, ...(token ? { token } : {}) };
}
