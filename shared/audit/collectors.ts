// Provider collectors built from the configuration: one per cloud account that the targets need,
// each with its own request budget, closed together. Used by audits and by `init`.
import type { Config } from "../config/config.ts";
import { ConfigError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import {
  type BaselineTarget,
  PROVIDER_IDS,
  type ProviderCredentials,
  type ProviderId,
  providerOf,
} from "../providers/index.ts";
import type { CollectorSession } from "../providers/module.ts";
import type { SecretRegistry } from "../providers/redact.ts";
import type { Collectors } from "./collect.ts";

export interface OpenCollectorsOptions {
  logger: Logger;
  /** Credentials handed over per invocation (Function Compute's `context.credentials`). */
  credentials?: ProviderCredentials;
  /** The run's secret registry, shared by every client so that each blanks what any has seen. */
  secrets?: SecretRegistry;
}

export function openCollectors(
  config: Readonly<Config>,
  providers: ReadonlySet<ProviderId>,
  options: OpenCollectorsOptions,
): { collectors: Collectors; close(): Promise<void> } {
  const common = {
    concurrency: config.concurrency,
    listing: config.listing,
    timeoutMs: config.timeoutMs,
    logger: options.logger,
    secrets: options.secrets,
  };
  const collectors: Collectors = {};
  const sessions: CollectorSession<BaselineTarget>[] = [];
  for (const id of PROVIDER_IDS.filter((p) => providers.has(p))) {
    const module = providerOf({ provider: id });
    const section = config[id];
    const credentials = need(options.credentials?.[id] ?? section.credentials, id);
    const session = module.openCollector(credentials, section, common);
    collectors[id] = session.collect;
    sessions.push(session);
  }
  return {
    collectors,
    close: async () => {
      await Promise.all(sessions.map((s) => s.close()));
    },
  };
}

/** Throws the `ConfigError` an audit of these providers would end with, before any audit runs. */
export function checkCredentials(
  config: Readonly<Config>,
  providers: ReadonlySet<ProviderId>,
): void {
  for (const id of PROVIDER_IDS.filter((p) => providers.has(p))) need(config[id].credentials, id);
}

function need<T>(credentials: T | undefined, id: ProviderId): T {
  if (credentials) return credentials;
  const { keyId, keySecret } = providerOf({ provider: id }).environment;
  const variables = `${keyId} and ${keySecret}`;
  throw new ConfigError(`reading ${id} targets needs ${variables}, which are not set`);
}
