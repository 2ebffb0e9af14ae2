// What a per-target comparison needs and produces: the target's policy knobs, the shared value
// caches, and the list of finding drafts (findings before ids, waivers and sorting).
import type { Direction, Field, Kind, Severity } from "../model/finding.ts";
import { type SeverityFlags, severityOf } from "./severity.ts";
import type { ValueCache } from "./value-cache.ts";

export interface Draft {
  target: string;
  principal: string | null;
  resource: string | null;
  field: Field;
  kind: Kind;
  direction: Direction;
  severity: Severity;
  expected: unknown;
  actual: unknown;
  message: string;
}

export interface TargetContext {
  /** `provider/region/instanceId`. */
  readonly key: string;
  /** How messages name the target's cloud, e.g. "Alibaba". */
  readonly label: string;
  /** How messages name one principal of this target, e.g. "Alibaba account". */
  readonly noun: string;
  /** `unmanaged: report`: principals and entries absent from the baseline are findings. */
  readonly reportUnmanaged: boolean;
  /** The principal filter (`--principal`); instance-level fields ignore it. */
  readonly includePrincipal: (name: string) => boolean;
  readonly values: ValueCache;
  readonly drafts: Draft[];
}

export interface DraftInput {
  principal: string | null;
  resource: string | null;
  field: Field;
  kind: Kind;
  direction: Direction;
  expected: unknown;
  actual: unknown;
  message: string;
}

/** Records one finding draft; the severity follows from field, kind, direction and flags. */
export function emit(ctx: TargetContext, input: DraftInput, flags?: SeverityFlags): void {
  const severity = severityOf(input.field, input.kind, input.direction, flags);
  ctx.drafts.push({ target: ctx.key, ...input, severity });
}

/** Records a `changed` finding. */
export function emitChange(
  ctx: TargetContext,
  at: { principal: string | null; resource: string | null; field: Field },
  change: { direction: Direction; expected: unknown; actual: unknown; message: string },
  flags?: SeverityFlags,
): void {
  emit(ctx, { ...at, kind: "changed", ...change }, flags);
}
