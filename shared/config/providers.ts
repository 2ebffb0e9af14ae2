// Each provider's section of the environment, from the variables its module names: a key pair (set
// both or neither), an optional session token, `RMQ_DRIFT_<ID>_ENDPOINT` and `RMQ_DRIFT_<ID>_QPS`.
import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import {
  PROVIDER_IDS,
  type ProviderCredentials,
  type ProviderId,
  providerOf,
} from "../providers/index.ts";
import type { ProviderSection } from "../providers/module.ts";

export type ProviderSections = {
  [P in ProviderId]: ProviderSection<NonNullable<ProviderCredentials[P]>>;
};

const upper = (id: ProviderId) => id.toUpperCase();

/** The schema entries of every provider's variables, grouped as the environment table lists them. */
export function providerVariables(
  kind: "keys" | "endpoint" | "qps",
  types: { text: z.ZodType; endpoint: z.ZodType; qps: z.ZodType },
): Record<string, z.ZodType> {
  return Object.fromEntries(
    PROVIDER_IDS.flatMap((id) => {
      const vars = providerOf({ provider: id }).environment;
      if (kind === "keys") {
        return [vars.keyId, vars.keySecret, vars.securityToken].map((v) => [v, types.text]);
      }
      if (kind === "endpoint") {
        return [`RMQ_DRIFT_${upper(id)}_ENDPOINT`, vars.credentialEndpoint].map((v) => [
          v,
          types.endpoint,
        ]);
      }
      return [[`RMQ_DRIFT_${upper(id)}_QPS`, types.qps]];
    }),
  );
}

export function providerSections(env: Readonly<Record<string, unknown>>): ProviderSections {
  const sections = PROVIDER_IDS.map((id) => {
    const vars = providerOf({ provider: id }).environment;
    const text = (name: string) => env[name] as string | undefined;
    const credentials = pair(env, vars.keyId, vars.keySecret)
      ? vars.credentials(
          text(vars.keyId) as string,
          text(vars.keySecret) as string,
          text(vars.securityToken),
        )
      : undefined;
    const section = {
      credentials,
      endpoint: text(`RMQ_DRIFT_${upper(id)}_ENDPOINT`),
      credentialEndpoint: text(vars.credentialEndpoint),
      qps: env[`RMQ_DRIFT_${upper(id)}_QPS`] as number,
    };
    return [id, section] as const;
  });
  return Object.fromEntries(sections) as ProviderSections;
}

/** Both halves of a key pair or neither: half a credential is a configuration mistake. */
function pair(env: Readonly<Record<string, unknown>>, idName: string, secretName: string): boolean {
  const id = Boolean(env[idName]);
  const secret = Boolean(env[secretName]);
  if (id === secret) return id;
  const [missing, present] = id ? [secretName, idName] : [idName, secretName];
  throw new ConfigError(`${missing} is not set, but ${present} is (set both or neither)`);
}
