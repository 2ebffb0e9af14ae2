// What one comparison produces: plain data handed to history, report and alerts.
import type { ExpiredWaiver, Finding, RunStatus } from "../model/finding.ts";
import type { TargetError } from "../model/snapshot.ts";

export interface TargetResult {
  /** `provider/region/instanceId`. */
  key: string;
  /** Baseline label, if any. */
  name: string | null;
  status: "ok" | "unreadable";
  error: TargetError | null;
  /** Principals (accounts / users) read from the cloud. */
  principals: number;
  /** Grants read: Alibaba ACL entries, Huawei topic + group perms. */
  entries: number;
}

export interface CompareResult {
  /** Sorted by target, principal, resource, field, kind; waived findings included (with `waiver`). */
  findings: Finding[];
  /** Waivers whose `expires` day is before the comparison date; they applied to nothing. */
  expiredWaivers: ExpiredWaiver[];
  status: RunStatus;
  /** One per baseline target, in baseline order. */
  targets: TargetResult[];
}

export interface CompareOptions {
  /** The comparison's "today" for waiver expiry; passed in so the engine reads no clock. */
  now: Date;
  /** Principal globs: when set, only matching principals are compared (targeted audit). */
  principals?: readonly string[];
}
