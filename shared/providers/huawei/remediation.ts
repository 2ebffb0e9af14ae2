// Huawei remediation: the DMS for RocketMQ operations (API v2) that restore the baseline, and the
// baseline fragments that accept the cloud. Operation names, methods and URL templates follow the
// official SDK `@huaweicloud/huaweicloud-sdk-rocketmq` (checked by test/remediation/sdk-oracle.test.ts).

import type { Field } from "../../model/finding.ts";
import type { PathSegment } from "../../model/path.ts";
import type { NamedPerm, Perm4Principal, Perm4PrincipalExpectation } from "../../model/perm4.ts";
import { placeholder } from "../../model/remediation.ts";
import { addFragment, removeFragment, setFragment } from "../remediation/fragment.ts";
import { instanceIdOf, operation, segment } from "../remediation/ops.ts";
import type { RemediationDraft, RemediationInput } from "../remediation/types.ts";
import { describeUser } from "./init.ts";
import type { HuaweiTarget, HuaweiTargetOk } from "./target.ts";

type Input = RemediationInput<HuaweiTarget, HuaweiTargetOk>;

// Baseline field → the User model's wire name.
const USER_FIELDS: Partial<Record<Field, { wire: string; key: keyof Perm4PrincipalExpectation }>> =
  {
    admin: { wire: "admin", key: "admin" },
    whitelist: { wire: "white_remote_address", key: "whitelist" },
    defaultTopicPerm: { wire: "default_topic_perm", key: "defaultTopicPerm" },
    defaultGroupPerm: { wire: "default_group_perm", key: "defaultGroupPerm" },
  };

export function remediateHuawei(input: Input): RemediationDraft {
  const f = input.finding;
  if (f.kind === "unreadable") return { revert: [], accept: null, path: input.targetPath };
  if (f.field === "aclEnabled") return aclEnabledChange(input);
  if (f.field === "principal") return f.kind === "missing" ? missingUser(input) : extraUser(input);
  if (f.field === "topicPerm" || f.field === "groupPerm") return namedPermChange(input);
  if (USER_FIELDS[f.field]) return userFieldChange(input);
  return { revert: [], accept: null, path: input.targetPath };
}

function instancePath(input: Input): string {
  const project = input.expected?.projectId ?? input.observed?.projectId ?? "{project_id}";
  const instance = input.expected?.instanceId ?? instanceIdOf(input.finding.target);
  return `/v2/${segment(project)}/instances/${segment(instance)}`;
}

function userPath(input: Input, name: string): string {
  return `${instancePath(input)}/users/${segment(name)}`;
}

function usersPath(input: Input): PathSegment[] {
  return input.expected?.users ? [...input.targetPath, "users"] : input.targetPath;
}

function aclEnabledChange(input: Input): RemediationDraft {
  const path = [...input.targetPath, "instance", "aclEnabled"];
  const body = { enable_acl: input.expected?.instance?.aclEnabled ?? input.finding.expected };
  return {
    revert: [operation("UpdateInstance", "PUT", instancePath(input), { body })],
    accept: setFragment(path, input.observed?.instance.aclEnabled ?? input.finding.actual),
    path,
  };
}

function missingUser(input: Input): RemediationDraft {
  const name = input.finding.principal ?? "";
  const wanted = input.expected?.users?.[name] ?? {};
  const body = {
    access_key: name,
    secret_key: placeholder(`a new secret key for ${name}`),
    ...userBody(wanted),
  };
  const path = [...usersPath(input), name];
  return {
    revert: [operation("CreateUser", "POST", `${instancePath(input)}/users`, { body })],
    accept: removeFragment(path, `user ${name}`),
    path,
  };
}

function extraUser(input: Input): RemediationDraft {
  const name = input.finding.principal ?? "";
  const live = observedUser(input, name);
  const path = usersPath(input);
  return {
    revert: [operation("DeleteUser", "DELETE", userPath(input, name))],
    accept: live ? addFragment(path, { [name]: describeUser(live) }) : null,
    path,
  };
}

function userFieldChange(input: Input): RemediationDraft {
  const f = input.finding;
  const name = f.principal ?? "";
  const spec = USER_FIELDS[f.field] as { wire: string; key: keyof Perm4PrincipalExpectation };
  const wanted = input.expected?.users?.[name]?.[spec.key] ?? f.expected;
  const path = [...usersPath(input), name, spec.key];
  const live = observedUser(input, name);
  return {
    revert: [
      operation("UpdateUser", "PUT", userPath(input, name), { body: { [spec.wire]: wanted } }),
    ],
    accept: setFragment(path, live ? live[spec.key as keyof Perm4Principal] : f.actual),
    path,
  };
}

// The full list is sent with the one entry restored: correct whether the API merges the list or
// replaces it, so the revert can never drop the user's other topic or group permissions.
function namedPermChange(input: Input): RemediationDraft {
  const f = input.finding;
  const name = f.principal ?? "";
  const topic = f.field === "topicPerm";
  const resource = (f.resource ?? "").replace(/^(Topic|Group):/, "");
  const live = observedUser(input, name);
  const current: NamedPerm[] = live ? [...(topic ? live.topicPerms : live.groupPerms)] : [];
  const restored = [
    ...current.filter((p) => p.name !== resource),
    { name: resource, perm: permText(f.expected) },
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const wire = topic ? "topic_perms" : "group_perms";
  const mapKey = topic ? "topicPerms" : "groupPerms";
  const acceptPath = [...usersPath(input), name, mapKey, resource];
  return {
    revert: [operation("UpdateUser", "PUT", userPath(input, name), { body: { [wire]: restored } })],
    accept: setFragment(acceptPath, permText(f.actual)),
    path: expectationPath(input, name, topic, resource, acceptPath),
  };
}

// The expectation a permission finding breaks: the explicit entry, else the default it fell back to.
function expectationPath(
  input: Input,
  name: string,
  topic: boolean,
  resource: string,
  explicit: PathSegment[],
): PathSegment[] {
  const user = input.expected?.users?.[name];
  const map = topic ? user?.topicPerms : user?.groupPerms;
  if (map && Object.hasOwn(map, resource)) return explicit;
  const fallback = topic ? "defaultTopicPerm" : "defaultGroupPerm";
  const userPath = [...usersPath(input), name];
  return user?.[fallback] !== undefined ? [...userPath, fallback] : userPath;
}

/** A permission as Huawei spells it: `PUB|SUB`, `SUB`, `DENY` (a set-like value is converted). */
function permText(value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  const set = new Set(value.map((v) => String(v).toUpperCase()));
  if (set.has("PUB") && set.has("SUB")) return "PUB|SUB";
  return set.has("PUB") ? "PUB" : set.has("SUB") ? "SUB" : "DENY";
}

function userBody(wanted: Perm4PrincipalExpectation): Record<string, unknown> {
  const perms = (map: Record<string, string> | undefined) =>
    map && Object.entries(map).map(([name, perm]) => ({ name, perm }));
  const body: Record<string, unknown> = {
    white_remote_address: wanted.whitelist,
    admin: wanted.admin,
    default_topic_perm: wanted.defaultTopicPerm,
    default_group_perm: wanted.defaultGroupPerm,
    topic_perms: perms(wanted.topicPerms),
    group_perms: perms(wanted.groupPerms),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function observedUser(input: Input, name: string): Perm4Principal | undefined {
  return input.observed?.users.find((u) => u.accessKey === name);
}
