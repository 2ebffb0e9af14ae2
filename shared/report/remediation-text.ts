// Remediation as text a reader copies: the revert operations as request lines with their JSON bodies,
// and where in the baseline the accept fragment goes. Shared by the HTML and Markdown reports.
import type { CloudOperation, Remediation } from "../model/remediation.ts";

/** `PATCH /instances/…?accountStatus=DISABLE` then the body, one block per operation. */
export function revertText(ops: readonly CloudOperation[]): string {
  return ops
    .map((op, i) => {
      const query = op.query ? `?${new URLSearchParams(op.query).toString()}` : "";
      const head = `${ops.length > 1 ? `# ${i + 1}. ` : "# "}${op.operation}\n${op.method} ${op.path}${query}`;
      return op.body === null || op.body === undefined
        ? head
        : `${head}\n${JSON.stringify(op.body, null, 2)}`;
    })
    .join("\n\n");
}

/** `baseline line 42 (targets[0].accounts.app-orders.status)`, or the path alone. */
export function locationText(r: Remediation): string | null {
  if (!r.location) return null;
  return r.location.line
    ? `baseline line ${r.location.line} (${r.location.path})`
    : `baseline ${r.location.path}`;
}
