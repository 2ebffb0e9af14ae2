// The provider registry: one module per cloud, keyed by the `provider` value baselines and snapshots
// carry. Everything above providers/ reaches a cloud through PROVIDERS (or `providerOf`), so adding a
// provider is one folder, one line here and a sandbox stand-in.
import { z } from "zod";
import { snapshotSchemaOf } from "../model/snapshot.ts";
import { alibaba } from "./alibaba/index.ts";
import { huawei } from "./huawei/index.ts";
import type { ProviderModule } from "./module.ts";

export const PROVIDERS = { alibaba, huawei } as const;

type Modules = typeof PROVIDERS;
export type ProviderId = keyof Modules;
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

type Parts<M> =
  M extends ProviderModule<infer T, infer Ok, infer E, infer C, infer P, infer D>
    ? { target: T; ok: Ok; error: E; credentials: C; profile: P; discover: D }
    : never;
type Each<K extends keyof Parts<Modules[ProviderId]>> = {
  [P in ProviderId]: Parts<Modules[P]>[K];
}[ProviderId];

export type BaselineTarget = Each<"target">;
export type SnapshotTargetOk = Each<"ok">;
export type CredentialProfile = Each<"profile">;
export type DiscoverEntry = Each<"discover">;
export type SnapshotTargetError = Each<"error">;
export type SnapshotTarget = SnapshotTargetOk | SnapshotTargetError;
/** Credentials by provider, e.g. the temporary keys Function Compute hands each invocation. */
export type ProviderCredentials = { [P in ProviderId]?: Parts<Modules[P]>["credentials"] };

/**
 * A provider's module as code above providers/ uses it: for whichever provider a value names. The
 * registry key equals the value's `provider`, so a module only ever receives its own targets.
 */
export type AnyProviderModule = ProviderModule<
  BaselineTarget,
  SnapshotTargetOk,
  SnapshotTargetError,
  unknown,
  CredentialProfile,
  DiscoverEntry
>;

const MODULES = Object.values(PROVIDERS) as unknown as readonly AnyProviderModule[];

export function providerOf(value: { provider: ProviderId }): AnyProviderModule {
  return PROVIDERS[value.provider] as unknown as AnyProviderModule;
}

export function isProviderId(id: string): id is ProviderId {
  return Object.hasOwn(PROVIDERS, id);
}

/** zod's discriminated union over the modules' schemas, in registry order. */
function unionOf<T>(key: string, schemas: readonly z.ZodType[]): z.ZodType<T> {
  const options = schemas as unknown as Parameters<typeof z.discriminatedUnion>[1];
  return z.discriminatedUnion(key, options) as unknown as z.ZodType<T>;
}

export const BaselineTargetSchema = unionOf<BaselineTarget>(
  "provider",
  MODULES.map((m) => m.targetSchema),
);

// A plain union: each module's profile schema is itself a union of its kinds of profile.
export const CredentialProfileSchema = z.union(
  MODULES.map((m) => m.profiles.schema) as unknown as [z.ZodType, z.ZodType],
) as unknown as z.ZodType<CredentialProfile>;

export const DiscoverEntrySchema = unionOf<DiscoverEntry>(
  "provider",
  MODULES.map((m) => m.discovery.schema),
);

export const SnapshotTargetSchema = unionOf<SnapshotTarget>("status", [
  unionOf<SnapshotTargetOk>(
    "provider",
    MODULES.map((m) => m.snapshotSchemas.ok),
  ),
  unionOf<SnapshotTargetError>(
    "provider",
    MODULES.map((m) => m.snapshotSchemas.error),
  ),
]);

export const SnapshotSchema = snapshotSchemaOf(SnapshotTargetSchema);
export type Snapshot = z.infer<typeof SnapshotSchema>;
