// Snapshot → baseline YAML that describes exactly the live state (`rmq-drift init`). Output is sorted
// so that re-running on an unchanged instance gives the same bytes.
import { Document, isScalar, visit } from "yaml";
import type {
  AlibabaAccount,
  AlibabaAcl,
  AlibabaTargetOk,
  HuaweiPerm,
  HuaweiTargetOk,
  HuaweiUser,
  NamedPerm,
  SnapshotTarget,
} from "../model/snapshot.ts";
import { targetKey } from "../model/snapshot.ts";
import { checkTarget } from "./check-target.ts";
import { formatPath, type PathSegment } from "./path.ts";
import type {
  AlibabaAclExpectation,
  AlibabaTarget,
  BaselineTarget,
  HuaweiTarget,
  HuaweiUserExpectation,
} from "./schema.ts";

export interface GenerateOptions {
  /** Free text put under the header as YAML comments (e.g. who generated it, from what). */
  comment?: string;
  /** `$schema` for editors; relative to where the file will live. */
  schema?: string;
}

export const DEFAULT_SCHEMA_REF = "./baseline.schema.json";

// Rendered ACL entries start 12 columns in ("- " under `acls:`).
const ACL_FLOW_WIDTH = 106;
const LINE_WIDTH = 120;

// Fields a baseline may leave out (= not checked). A live value the baseline grammar cannot hold
// (a group granted PUB, a whitelist our parser rejects) is left out rather than written invalid.
const OMITTABLE = new Set([
  "internetWhitelist",
  "accessWhitelist",
  "ipWhitelists",
  "actions",
  "whitelist",
  "defaultGroupPerm",
  "groupPerms",
]);

export function generateBaseline(targets: SnapshotTarget[], options: GenerateOptions = {}): string {
  const header = [`# yaml-language-server: $schema=${options.schema ?? DEFAULT_SCHEMA_REF}`];
  if (options.comment)
    header.push(
      ...options.comment
        .trimEnd()
        .split("\n")
        .map((l) => `# ${l}`.trimEnd()),
    );
  const described: BaselineTarget[] = [];
  const sorted = [...targets].sort((a, b) => byText(targetKey(a), targetKey(b)));
  for (const target of sorted) {
    if (target.status !== "ok") {
      header.push(`# Skipped ${targetKey(target)}: unreadable (${target.error.code}).`);
      continue;
    }
    const value = target.provider === "alibaba" ? describeAlibaba(target) : describeHuawei(target);
    header.push(...omitInexpressible(value, described.length));
    described.push(value);
  }
  const doc = new Document({ version: 1, targets: described });
  compactLeaves(doc);
  return `${header.join("\n")}\n${doc.toString({ lineWidth: LINE_WIDTH, flowCollectionPadding: false })}`;
}

function describeAlibaba(t: AlibabaTargetOk): AlibabaTarget {
  const accounts = [...t.accounts].sort((a, b) => byText(a.username, b.username));
  return {
    provider: "alibaba",
    region: t.region,
    instanceId: t.instanceId,
    // What the cloud did not report is not written: an expectation nobody could check.
    instance: {
      ...(t.instance.aclTypes === undefined ? {} : { aclTypes: sortedText(t.instance.aclTypes) }),
      ...(t.instance.vpcAuthFree === undefined ? {} : { vpcAuthFree: t.instance.vpcAuthFree }),
      internetWhitelist: sortedText(t.instance.internetWhitelist),
      ...(t.instance.accessWhitelist === undefined
        ? {}
        : { accessWhitelist: sortedText(t.instance.accessWhitelist) }),
    },
    accounts: Object.fromEntries(accounts.map((a) => [a.username, describeAccount(a)])),
  };
}

export function describeAccount(account: AlibabaAccount) {
  const acls = [...account.acls].sort((a, b) => byText(a.resource, b.resource));
  return { status: account.status, acls: acls.map(describeAcl) };
}

export function describeAcl(acl: AlibabaAcl): AlibabaAclExpectation {
  return {
    resource: acl.resource,
    decision: acl.decision,
    actions: normaliseActions(acl.actions),
    ipWhitelists: sortedText(acl.ipWhitelists),
  };
}

/** `["Pub|Sub"]`, `["sub", "Pub"]` → `["Pub", "Sub"]`; unknown tokens are kept for the checks to see. */
function normaliseActions(actions: readonly string[]): string[] {
  const canonical: Record<string, string> = { pub: "Pub", sub: "Sub" };
  const tokens = actions.flatMap((a) => a.split("|")).map((t) => t.trim());
  return sortedText([...new Set(tokens.map((t) => canonical[t.toLowerCase()] ?? t))]);
}

function describeHuawei(t: HuaweiTargetOk): HuaweiTarget {
  const users = [...t.users].sort((a, b) => byText(a.accessKey, b.accessKey));
  return {
    provider: "huawei",
    region: t.region,
    projectId: t.projectId,
    instanceId: t.instanceId,
    instance: { aclEnabled: t.instance.aclEnabled },
    users: Object.fromEntries(users.map((u) => [u.accessKey, describeUser(u)])),
  };
}

export function describeUser(user: HuaweiUser): HuaweiUserExpectation {
  return {
    admin: user.admin,
    whitelist: user.whitelist,
    defaultTopicPerm: normalisePerm(user.defaultTopicPerm),
    defaultGroupPerm: normalisePerm(user.defaultGroupPerm),
    topicPerms: permMap(user.topicPerms),
    groupPerms: permMap(user.groupPerms),
  };
}

function permMap(perms: readonly NamedPerm[]): Record<string, HuaweiPerm> {
  const sorted = [...perms].sort((a, b) => byText(a.name, b.name));
  return Object.fromEntries(sorted.map((p) => [p.name, normalisePerm(p.perm)]));
}

function normalisePerm(perm: HuaweiPerm): HuaweiPerm {
  return perm === "SUB|PUB" ? "PUB|SUB" : perm;
}

/** Deletes fields the checks reject and returns comment lines saying what was left out and why. */
function omitInexpressible(target: BaselineTarget, index: number): string[] {
  const notes: string[] = [];
  for (const issue of checkTarget(target, [], () => undefined)) {
    const cut = issue.path.findLastIndex((seg) => typeof seg === "string" && OMITTABLE.has(seg));
    if (cut < 0) continue;
    const fieldPath = issue.path.slice(0, cut + 1);
    if (deletePath(target, fieldPath)) {
      const where = formatPath(["targets", index, ...fieldPath]);
      notes.push(
        `# Not checked, the live value cannot be written in a baseline: ${where} (${issue.message})`,
      );
    }
  }
  return notes;
}

function deletePath(root: object, path: readonly PathSegment[]): boolean {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) node = (node as Record<PathSegment, unknown>)?.[seg];
  const last = path.at(-1);
  if (node === null || typeof node !== "object" || last === undefined || !(last in node))
    return false;
  delete (node as Record<PathSegment, unknown>)[last];
  return true;
}

/** Lists of scalars and ACL entries in flow style, as in the documentation's examples. */
function compactLeaves(doc: Document): void {
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Map(_, node) {
      const isAcl = node.items.some((pair) => isScalar(pair.key) && pair.key.value === "resource");
      // A flow map too wide for one line would wrap into something harder to read than block style.
      if (isAcl && flowWidth(node.toJSON()) <= ACL_FLOW_WIDTH) node.flow = true;
    },
  });
}

/** Roughly the width of a value in YAML flow style: its JSON without the quotes. */
function flowWidth(value: unknown): number {
  return JSON.stringify(value).replaceAll('"', "").length;
}

function sortedText(values: readonly string[]): string[] {
  return [...values].sort(byText);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
