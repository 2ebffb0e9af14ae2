// Provider collectors built from the configuration: one per (provider, credentials profile) that
// the targets use, each signing with its profile's credentials and drawing on the request budget
// of the cloud account behind it; closed together. Used by audits and by `init`.
import type { Config } from "../config/config.ts";
import { ConfigError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { credentialFailure, liveCredentials } from "../providers/credentials.ts";
import {
  type AnyProviderModule,
  type BaselineTarget,
  type CredentialProfile,
  type DiscoverEntry,
  PROVIDER_IDS,
  type ProviderCredentials,
  type ProviderId,
  providerOf,
} from "../providers/index.ts";
import type { CollectorSession, CredentialSource, DiscoverScope } from "../providers/module.ts";
import { createSecretRegistry, type SecretRegistry } from "../providers/redact.ts";
import type { Collector } from "../providers/types.ts";
import type { Collectors } from "./collect.ts";

/**
 * The credentials side of one run, on top of its secret registry (so it travels wherever the
 * registry does): its profiles, the sources opened so far, and its discover entries.
 */
export interface RunCredentials extends SecretRegistry {
  runId: string;
  profiles: Readonly<Record<string, CredentialProfile>>;
  /** By provider and profile: temporary credentials are obtained once per run, then renewed. */
  sources: Map<string, CredentialSource<unknown>>;
  /** Discover entries, on the run's first (full) collection only. */
  discover?: readonly DiscoverEntry[] | undefined;
}

export function newRunCredentials(
  runId: string,
  profiles: Readonly<Record<string, CredentialProfile>> = {},
  secrets: SecretRegistry = createSecretRegistry(),
): RunCredentials {
  return { add: secrets.add, redact: secrets.redact, runId, profiles, sources: new Map() };
}

/** A plain registry (no profiles) is a run with the base identity only. */
export function runCredentialsOf(secrets: SecretRegistry): RunCredentials {
  return "sources" in secrets ? (secrets as RunCredentials) : newRunCredentials("run", {}, secrets);
}

export interface OpenCollectorsOptions {
  logger: Logger;
  /** Credentials handed over per invocation (Function Compute's `context.credentials`). */
  credentials?: ProviderCredentials;
  run?: RunCredentials;
  now?: () => Date;
}

/** What names a cloud account to read from: a target or a discover entry. */
type Reader = Pick<BaselineTarget, "provider" | "credentials">;

/** The profile a target is read with, as reports name it (`null`: the base identity). */
export const profileOf = (target: Reader): string | null => target.credentials ?? null;

const groupOf = (entry: Reader) => `${entry.provider}/${profileOf(entry) ?? ""}`;

/** Lists a discover scope's instance ids with the entry's credentials; throws on failure. */
export type Lister = (entry: Reader, scope: DiscoverScope) => Promise<string[]>;

export function openCollectors(
  config: Readonly<Config>,
  readers: readonly Reader[],
  options: OpenCollectorsOptions,
): { collectors: Collectors; lister: Lister; close(): Promise<void> } {
  const run = options.run ?? newRunCredentials("init");
  const byGroup = new Map<string, Collector<BaselineTarget>>();
  const listers = new Map<string, (scope: DiscoverScope) => Promise<string[]>>();
  const sessions: CollectorSession<BaselineTarget>[] = [];
  for (const target of readers) {
    const group = groupOf(target);
    if (byGroup.has(group)) continue;
    const module = providerOf(target);
    const source = openSource(config, module, target, run, options);
    run.sources.set(group, source);
    // Built apart from the call: `listing` is for the collectors' own options, beyond the common part.
    const common = {
      concurrency: config.concurrency,
      listing: config.listing,
      timeoutMs: config.timeoutMs,
      logger: options.logger,
      secrets: run,
      budgetKey: source.account,
    };
    const session = module.openCollector(
      liveCredentials(source as CredentialSource<object>),
      config[target.provider],
      common,
    );
    sessions.push(session);
    byGroup.set(group, withFreshCredentials(module, source, session.collect, profileOf(target)));
    listers.set(group, async (scope) => {
      await source.fresh();
      return session.instanceIds(scope);
    });
  }
  return {
    collectors: (target) => byGroup.get(groupOf(target)),
    lister: (entry, scope) => {
      const list = listers.get(groupOf(entry));
      if (!list) throw new Error(`no collector opened for ${groupOf(entry)}`);
      return list(scope);
    },
    close: async () => {
      await Promise.all(sessions.map((s) => s.close()));
    },
  };
}

function openSource(
  config: Readonly<Config>,
  module: AnyProviderModule,
  target: Reader,
  run: RunCredentials,
  options: OpenCollectorsOptions,
): CredentialSource<unknown> {
  const opened = run.sources.get(groupOf(target));
  if (opened) return opened;
  const name = profileOf(target);
  const profile = name === null ? undefined : run.profiles[name];
  if (name !== null && profile?.provider !== target.provider) {
    throw new ConfigError(
      `credentials profile ${name} is not a ${target.provider} profile of the baseline`,
    );
  }
  const section = config[target.provider];
  return module.profiles.open(profile, {
    base: options.credentials?.[target.provider] ?? section.credentials,
    section,
    variable: config.variable,
    profileName: name ?? "default",
    runId: run.runId,
    secrets: run,
    common: {
      concurrency: config.concurrency,
      timeoutMs: config.timeoutMs,
      logger: options.logger,
    },
    now: options.now ?? (() => new Date()),
  });
}

/**
 * Every target first makes sure its profile's credentials are valid; a profile that cannot be
 * assumed makes the target unreadable with the credential service's code and request id.
 */
function withFreshCredentials(
  module: AnyProviderModule,
  source: CredentialSource<unknown>,
  collect: Collector<BaselineTarget>,
  profile: string | null,
): Collector<BaselineTarget> {
  return async (target, options = {}) => {
    const started = performance.now();
    try {
      await source.fresh(options.signal);
    } catch (err) {
      const error = credentialFailure(err, profile ?? "default");
      options.logger?.error("credentials could not be obtained", { ...error });
      return {
        target: module.errorTarget(target, error),
        apiCalls: 0,
        durationMs: Math.round(performance.now() - started),
      };
    }
    return collect(target, options);
  };
}

/** Throws the `ConfigError` an audit of these providers would end with, before any audit runs. */
export function checkCredentials(
  config: Readonly<Config>,
  providers: ReadonlySet<ProviderId>,
): void {
  for (const id of PROVIDER_IDS.filter((p) => providers.has(p))) {
    if (config[id].credentials) continue;
    const { keyId, keySecret } = providerOf({ provider: id }).environment;
    throw new ConfigError(
      `reading ${id} targets needs ${keyId} and ${keySecret}, which are not set`,
    );
  }
}
