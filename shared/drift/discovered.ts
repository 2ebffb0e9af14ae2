// Discovery (DESIGN.md §5): every instance a discover scope listed that no target names is an
// `unexpected` `instance` finding (critical when its access control is off); a scope whose listing
// failed, and a discovered instance that could not be read, are unreadable — never clean.
import type { Baseline } from "../baseline/schema.ts";
import { type DiscoveredScope, targetKey } from "../model/snapshot.ts";
import { providerOf, type SnapshotTarget } from "../providers/index.ts";
import type { TargetResult } from "./result.ts";
import { severityOf } from "./severity.ts";
import type { Draft } from "./target-context.ts";
import { unreadableDraft } from "./unreadable.ts";

export function compareDiscovered(
  baseline: Baseline,
  scopes: readonly DiscoveredScope[],
  collected: ReadonlyMap<string, SnapshotTarget>,
  drafts: Draft[],
): TargetResult[] {
  const declared = new Set(baseline.targets.map(targetKey));
  const results: TargetResult[] = [];
  const unreadable = (key: string, error: NonNullable<DiscoveredScope["error"]>) => {
    drafts.push(unreadableDraft(key, error));
    results.push({ key, name: null, status: "unreadable", error, principals: 0, entries: 0 });
  };
  for (const scope of scopes) {
    if (scope.status === "error" && scope.error) {
      unreadable(scope.scope, scope.error);
      continue;
    }
    const prefix = scope.scope.slice(0, -1);
    for (const id of scope.instanceIds) {
      const key = `${prefix}${id}`;
      if (declared.has(key)) continue;
      const found = collected.get(key);
      if (found?.status === "ok") drafts.push(unexpectedInstance(key, found));
      else
        unreadable(
          key,
          found?.error ?? {
            code: "NotCollected",
            message: "listed but not read",
            httpStatus: null,
          },
        );
    }
  }
  return results;
}

function unexpectedInstance(key: string, found: SnapshotTarget & { status: "ok" }): Draft {
  const discovery = providerOf(found).discovery;
  const off = discovery.accessControlOff(found);
  const severity = off ? "critical" : severityOf("instance", "unexpected", "escalation");
  return {
    target: key,
    principal: null,
    resource: null,
    field: "instance",
    kind: "unexpected",
    direction: "escalation",
    severity,
    expected: null,
    actual: discovery.settings(found),
    message: off
      ? `Instance ${key} is not in the baseline and its access control is off: clients reach it without credentials.`
      : `Instance ${key} is not in the baseline (found by discovery); nobody has declared who may use it.`,
  };
}
