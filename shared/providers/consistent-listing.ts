// When a paged listing may be trusted. Both clouds page by offset (page number or offset/limit),
// with no snapshot or continuation token. If one item is deleted and another created between
// page 1 and page 2, every later item shifts back one place: an item that existed the whole time
// slides onto a page already read and is never seen, yet the distinct count still equals the
// total, so no single-pass check can notice. A principal would silently vanish from the audit
// while the target reports `ok` (DESIGN §2/§5: fail closed).
//
// Hence two passes: a listing that needed more than one page is accepted only when a second full
// pass from page 1 lists the same keys. A skip then needs the same churn to recur, in lockstep, in
// both passes. A listing that arrived in one response cannot have shifted and is accepted as is.

/** One full read of a listing, page 1 to the end. */
export type ListingPass<T> =
  | { ok: true; items: T[]; singlePage: boolean }
  /** The pass saw the list move (total changed, repeats, ran dry): it proves nothing. */
  | { ok: false; reason: string };

export interface ConsistentListingOptions<T> {
  readPass: () => Promise<ListingPass<T>>;
  keyOf: (item: T) => string;
  /** Passes at most, the first included; at least 2, since a multi-page pass needs a second. */
  maxPasses: number;
  /** Builds the error thrown when no pass could be trusted (InconsistentPaging). */
  fail: (reason: string) => Error;
}

export async function readConsistentListing<T>(options: ConsistentListingOptions<T>): Promise<T[]> {
  const maxPasses = Math.max(2, options.maxPasses);
  let previous: ReadonlySet<string> | undefined;
  let reason = "no second pass confirmed the first";
  for (let pass = 1; pass <= maxPasses; pass++) {
    const result = await options.readPass();
    if (result.ok && result.singlePage) return result.items;
    // A broken pass cannot confirm, nor be confirmed by, another.
    const keys = result.ok ? new Set(result.items.map(options.keyOf)) : undefined;
    // The latest pass is returned: the same keys, and the freshest values.
    if (result.ok && previous && keys && sameKeys(previous, keys)) return result.items;
    if (!result.ok) reason = result.reason;
    else if (previous) reason = "two passes listed different items";
    previous = keys;
  }
  throw options.fail(`no consistent listing after ${maxPasses} passes (${reason})`);
}

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}
