// What one cloud contributes to rmq-drift, as data and functions: its contracts, checks, `init`
// generator, collector, confirmation merge, counts and instance-level rules. Modules are registered
// in ./index.ts; code above providers/ reaches a cloud only through this interface.
import type { z } from "zod";
import type { Logger } from "../log/logger.ts";
import type { Acl2Principal, Acl2PrincipalExpectation } from "../model/acl2.ts";
import type { Field, Finding } from "../model/finding.ts";
import type { LineOf, PathIssue, PathSegment } from "../model/path.ts";
import type { Perm4Principal, Perm4PrincipalExpectation } from "../model/perm4.ts";
import type { TargetError } from "../model/snapshot.ts";
import type { TargetBase } from "../model/target.ts";
import type { SecretRegistry } from "./redact.ts";
import type { RemediationDraft, RemediationInput } from "./remediation/types.ts";
import type { Collector } from "./types.ts";

/** The permission models drift knows how to compare; a provider names the one its cloud uses. */
export type PermissionModel = "acl2" | "perm4";

/** Where a target's principals are, in the shape of its permission model. */
export type PrincipalAccess<T, Ok> =
  | {
      model: "acl2";
      /** The baseline target's field holding the principals, e.g. "accounts". */
      key: string;
      /** How messages name one principal, e.g. "Alibaba account". */
      noun: string;
      expected(target: T): Record<string, Acl2PrincipalExpectation> | undefined;
      actual(snapshot: Ok): readonly Acl2Principal[];
    }
  | {
      model: "perm4";
      key: string;
      noun: string;
      expected(target: T): Record<string, Perm4PrincipalExpectation> | undefined;
      actual(snapshot: Ok): readonly Perm4Principal[];
    };

/** An address-set change as drift words it, for an instance rule's message. */
export interface AddressChangeWords {
  verb: string;
  from: string;
  to: string;
  direction: string;
}

/**
 * One instance-level setting and how it is compared. Drift interprets the rule (directions and
 * severities stay in drift); the provider only says where the values are and how to word a change.
 * `actual` returns undefined when the cloud did not report the setting; `unreported` then says
 * where it would have come from (a setting that is always reported leaves it out).
 */
export type InstanceRule<T, Ok> =
  | {
      /** A set of names compared after `normalize`; any change is lateral. */
      kind: "names";
      field: Field;
      expected(target: T): readonly string[] | undefined;
      actual(snapshot: Ok): readonly string[] | undefined;
      unreported?: string;
      normalize(names: readonly string[]): string[];
      message(key: string, from: string, to: string): string;
    }
  | {
      /** An on/off switch; the change towards `escalatesWhen` is an escalation. */
      kind: "switch";
      field: Field;
      expected(target: T): boolean | undefined;
      actual(snapshot: Ok): boolean | undefined;
      unreported?: string;
      escalatesWhen: boolean;
      message(key: string, actual: boolean): string;
    }
  | {
      /** An IP/CIDR allow-list where empty means any address. */
      kind: "addresses";
      field: Field;
      expected(target: T): readonly string[] | undefined;
      actual(snapshot: Ok): readonly string[] | undefined;
      unreported?: string;
      message(key: string, change: AddressChangeWords): string;
    };

/** The environment section a provider's collector is built from (read by shared/config). */
export interface ProviderSection<Credentials> {
  credentials?: Credentials | undefined;
  /** `RMQ_DRIFT_<PROVIDER>_ENDPOINT`: used when a target names no endpoint of its own. */
  endpoint?: string | undefined;
  /** `RMQ_DRIFT_<PROVIDER>_STS_ENDPOINT`-style override of the cloud's credential service. */
  credentialEndpoint?: string | undefined;
  qps: number;
}

/** One profile's credentials for one run: fixed keys, or temporary ones obtained and renewed. */
export interface CredentialSource<C> {
  /** The cloud account behind the profile (never a secret): its request budget is shared. */
  account: string;
  /** The credentials to sign with now; valid once `fresh` has resolved. */
  current(): C;
  /**
   * Obtains temporary credentials, or renews them when they expire soon; a no-op for fixed keys.
   * Rejects with the credential service's error (code, request id) — cached for the run.
   */
  fresh(signal?: AbortSignal): Promise<void>;
}

/** What opening a profile may use; only shared/config reads the environment, so it comes here. */
export interface ProfileContext<C> {
  /** The base identity: the environment's keys, or the function's role (FC `context.credentials`). */
  base: C | undefined;
  section: ProviderSection<C>;
  /** An environment variable a profile names (`accessKeyIdEnv`, …), read through shared/config. */
  variable(name: string): string | undefined;
  /** The profile's name in the baseline (`default`: the base identity), for messages. */
  profileName: string;
  /** Names the STS session after the run, so the cloud's audit trail shows which run it was. */
  runId: string;
  /** Every secret of the run; temporary credentials are added as they are issued. */
  secrets: SecretRegistry;
  common: CollectorCommon;
  now: () => Date;
}

export interface ProviderEnvironment<Credentials> {
  keyId: string;
  keySecret: string;
  securityToken: string;
  credentials(keyId: string, keySecret: string, securityToken: string | undefined): Credentials;
  /** The variable that overrides where temporary credentials come from (STS, IAM). */
  credentialEndpoint: string;
}

/** What the wiring hands every collector factory besides the provider's own section. */
export interface CollectorCommon {
  concurrency: number;
  timeoutMs?: number | undefined;
  logger: Logger;
  /** Every secret of the run, for redaction. */
  secrets?: SecretRegistry | undefined;
  /** The cloud account behind the credentials: its request budget is shared process-wide. */
  budgetKey?: string | undefined;
}

/** One region (Huawei: one region's project) in which a `discover` entry lists every instance. */
export interface DiscoverScope {
  region: string;
  projectId?: string | undefined;
}

export interface CollectorSession<T extends TargetBase> {
  collect: Collector<T>;
  /** Instance ids of a discover scope, over all pages (consistent-listing rules); throws on failure. */
  instanceIds(scope: DiscoverScope, signal?: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}

/** A value of a generated target to look at before accepting it; `path` is inside the target. */
export interface ReviewNote {
  path: PathSegment[];
  note: string;
}

/** A flag `init` needs for this provider beyond --region/--instance, and the target field it sets. */
export interface InitFlag {
  flag: string;
  field: string;
  /** Its line in `init --help`: the value's placeholder and what the flag is. */
  help: { value: string; text: string };
}

export interface ProviderModule<
  T extends TargetBase = TargetBase,
  Ok extends { status: "ok" } = { status: "ok" },
  E extends { status: "error" } = { status: "error" },
  Credentials = unknown,
  Profile extends { provider: T["provider"] } = { provider: T["provider"] },
  Discover extends { provider: T["provider"]; credentials?: string | undefined } = {
    provider: T["provider"];
    credentials?: string | undefined;
  },
> {
  id: T["provider"];
  /** How messages name the cloud, e.g. "Alibaba". */
  label: string;
  /** The cloud's full name, e.g. "Alibaba Cloud" (the CLI's help). */
  displayName: string;
  /** Baseline target schema (strict; the registry unites them). */
  targetSchema: z.ZodType<T>;
  /** Snapshot target schemas, for a readable and for an unreadable target. */
  snapshotSchemas: { ok: z.ZodType<Ok>; error: z.ZodType<E> };
  /** What `validate` holds a target's address to, so it refuses what `audit` could not reach. */
  identity: {
    /** Regions reachable without a target `endpoint`. */
    regions: readonly string[];
    /** The documented instance id shape, and how to describe it in an error. */
    instanceId: { shape: RegExp; expected: string };
  };
  /** Semantic checks of one schema-valid target (values zod cannot judge). */
  checkTarget(target: T, path: PathSegment[], lineOf: LineOf): PathIssue[];
  init: {
    flags: readonly InitFlag[];
    /** The live state as a baseline target that audits clean against it. */
    describe(snapshot: Ok): T;
    /** Fields a generated baseline may drop when the live value cannot be written in one. */
    omittable: readonly string[];
    /**
     * Risky live state in a described target (admin users, any-address whitelists, access control
     * off), so `init` marks it `# review:` instead of letting it be accepted unknowingly.
     */
    review(target: T): ReviewNote[];
  };
  /**
   * Where its credentials are in the environment (shared/config reads them, with
   * `RMQ_DRIFT_<ID>_ENDPOINT` and `RMQ_DRIFT_<ID>_QPS`): a key pair, set both or neither, and an
   * optional session token.
   */
  environment: ProviderEnvironment<Credentials>;
  profiles: {
    /** A baseline `credentials:` profile of this cloud (strict; never a secret value). */
    schema: z.ZodType<Profile>;
    /** The profile (absent: the base identity) as a credential source for one run. */
    open(
      profile: Profile | undefined,
      context: ProfileContext<Credentials>,
    ): CredentialSource<Credentials>;
  };
  openCollector(
    credentials: Credentials,
    section: ProviderSection<Credentials>,
    common: CollectorCommon,
  ): CollectorSession<T>;
  discovery: {
    /** A baseline `discover:` entry of this cloud (strict). */
    schema: z.ZodType<Discover>;
    scopes(entry: Discover): DiscoverScope[];
    /** The discover entry of one scope, for `init` of a whole region. */
    entry(scope: DiscoverScope): Discover;
    /** The target a discovered instance is read as (instance-level calls only). */
    target(scope: DiscoverScope, instanceId: string, credentials: string | undefined): T;
    /** True when the instance lets clients in without authentication (the finding is critical). */
    accessControlOff(snapshot: Ok): boolean;
    /** Its instance-level settings, as the finding's `actual`. */
    settings(snapshot: Ok): unknown;
  };
  /** The snapshot entry of a target whose collector failed outright. */
  errorTarget(target: T, error: TargetError): E;
  /** Principals and grants read, for the report. */
  counts(snapshot: Ok): { principals: number; entries: number };
  principals: PrincipalAccess<T, Ok>;
  instanceRules: readonly InstanceRule<T, Ok>[];
  /**
   * Lays a confirmation re-read of the named principals over the listing: what the point reads
   * return replaces what the listing held, so the stored snapshot reproduces the report.
   */
  mergeReread(listed: Ok, again: Ok, target: T, names: ReadonlySet<string>): Ok;
  /** Requests the point reads of these principals cost (the confirmation re-lists when cheaper). */
  pointReadCost(target: T, principals: readonly string[]): number;
  /**
   * For a finding carried forward from an unreadable target: the cloud as the current baseline
   * expects it, except where the finding last saw it differ (drift re-judges the finding on it).
   */
  carriedState(target: T, finding: Finding): Ok;
  /** How to revert a finding in the cloud and how to accept it in the baseline (DESIGN.md §5). */
  remediate(input: RemediationInput<T, Ok>): RemediationDraft;
}
