// Perm4 (RocketMQ 4.x) default and per-topic / per-group permissions, compared as effective permission sets.
import type { NamedPerm, Perm4Principal, Perm4PrincipalExpectation } from "../model/perm4.ts";
import { bitsDirection, formatPerm, type PermBits, permBits, SUB } from "./perms.ts";
import { emitChange, type TargetContext } from "./target-context.ts";

interface PermKind {
  field: "topicPerm" | "groupPerm";
  defaultField: "defaultTopicPerm" | "defaultGroupPerm";
  noun: "topic" | "group";
  prefix: "Topic:" | "Group:";
  /** RocketMQ 4.x checks groups only for SUB, so PUB on a group grants nothing (reference B1). */
  mask: PermBits;
}

const TOPIC: PermKind = {
  field: "topicPerm",
  defaultField: "defaultTopicPerm",
  noun: "topic",
  prefix: "Topic:",
  mask: 3,
};
const GROUP: PermKind = {
  field: "groupPerm",
  defaultField: "defaultGroupPerm",
  noun: "group",
  prefix: "Group:",
  mask: SUB,
};

export function compareUserPerms(
  ctx: TargetContext,
  name: string,
  want: Perm4PrincipalExpectation,
  have: Perm4Principal,
): void {
  compareDefault(ctx, name, TOPIC, want.defaultTopicPerm, have.defaultTopicPerm);
  compareDefault(ctx, name, GROUP, want.defaultGroupPerm, have.defaultGroupPerm);
  if (want.topicPerms !== undefined) {
    compareNamed(
      ctx,
      name,
      TOPIC,
      want.topicPerms,
      want.defaultTopicPerm,
      have.topicPerms,
      have.defaultTopicPerm,
    );
  }
  if (want.groupPerms !== undefined) {
    compareNamed(
      ctx,
      name,
      GROUP,
      want.groupPerms,
      want.defaultGroupPerm,
      have.groupPerms,
      have.defaultGroupPerm,
    );
  }
}

function compareDefault(
  ctx: TargetContext,
  name: string,
  kind: PermKind,
  want: string | undefined,
  have: string,
): void {
  if (want === undefined || want === have) return;
  const [e, a] = [permBits(want), permBits(have)];
  const direction = bitsDirection(e & kind.mask, a & kind.mask);
  if (direction === null) return;
  emitChange(
    ctx,
    { principal: name, resource: null, field: kind.defaultField },
    {
      direction,
      expected: formatPerm(e),
      actual: formatPerm(a),
      message: `${ctx.noun} ${name}: default ${kind.noun} permission changed from ${formatPerm(e)} to ${formatPerm(a)} (${direction}).`,
    },
  );
}

/**
 * For every name on either side: effective = the explicit entry, else that side's default (the
 * baseline falls back to the cloud's default when it states none). An explicit entry equal to the
 * default is therefore no drift. Duplicate names in the cloud list: the last wins, as in 4.x.
 */
function compareNamed(
  ctx: TargetContext,
  user: string,
  kind: PermKind,
  want: Record<string, string>,
  wantDefault: string | undefined,
  have: readonly NamedPerm[],
  haveDefault: string,
): void {
  const cloud = new Map<string, string>();
  for (const entry of have) cloud.set(entry.name, entry.perm);
  // Baseline records can hold names such as `constructor`: only own keys count.
  for (const name of Object.keys(want)) {
    const perm = want[name]!;
    const actual = cloud.get(name);
    if (actual !== undefined) cloud.delete(name);
    if (perm !== actual) {
      comparePerm(ctx, user, kind, name, perm, true, actual ?? haveDefault, actual !== undefined);
    }
  }
  const expectedDefault = wantDefault ?? haveDefault;
  for (const [name, perm] of cloud)
    comparePerm(ctx, user, kind, name, expectedDefault, false, perm, true);
}

function comparePerm(
  ctx: TargetContext,
  user: string,
  kind: PermKind,
  name: string,
  want: string,
  wantExplicit: boolean,
  have: string,
  haveExplicit: boolean,
): void {
  const [e, a] = [permBits(want), permBits(have)];
  const direction = bitsDirection(e & kind.mask, a & kind.mask);
  if (direction === null) return;
  const source = (explicit: boolean) => (explicit ? "" : " (default)");
  emitChange(
    ctx,
    { principal: user, resource: `${kind.prefix}${name}`, field: kind.field },
    {
      direction,
      expected: formatPerm(e),
      actual: formatPerm(a),
      message: `${ctx.noun} ${user}: effective permission on ${kind.noun} ${name} changed from ${formatPerm(e)}${source(wantExplicit)} to ${formatPerm(a)}${source(haveExplicit)} (${direction}).`,
    },
  );
}
