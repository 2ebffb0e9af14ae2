// The seam between the provider-neutral remediation step and each provider's builder.

import type { Finding } from "../../model/finding.ts";
import type { PathSegment } from "../../model/path.ts";
import type { CloudOperation } from "../../model/remediation.ts";

/** What a provider's builder sees: the finding, its target on both sides, and where the target is. */
export interface RemediationInput<Expectation, Observed> {
  finding: Finding;
  /** The finding's target as the baseline file states it (undefined: not a target of this baseline). */
  expected: Expectation | undefined;
  /** The same target as collected this run (undefined: unreadable or not collected). */
  observed: Observed | undefined;
  /** The baseline document path of the target (`["targets", 3]`). */
  targetPath: PathSegment[];
}

/** A provider builder's answer; the caller adds the line the path is on. */
export interface RemediationDraft {
  revert: CloudOperation[];
  accept: string | null;
  /** The baseline document path of the expectation the finding breaks. */
  path: PathSegment[];
}
