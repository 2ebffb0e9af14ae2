// Offset/limit paging that survives servers which clamp `limit`, and estates that change while we
// read them. A pass that saw `total` move (or ended with a different count than `total`) proves
// nothing, and a multi-page pass must be confirmed by a second one (see consistent-listing.ts for
// why): an audit must not silently miss a principal.
import { type ListingPass, readConsistentListing } from "../consistent-listing.ts";

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ReadAllOptions<T> {
  fetchPage: (offset: number) => Promise<Page<T>>;
  keyOf: (item: T) => string;
  /** Builds the error thrown when no consistent pass was possible. */
  fail: (reason: string) => Error;
  /** Full passes at most (default 3, at least 2). */
  passes?: number;
  maxPages?: number;
}

export function readAllPages<T>(options: ReadAllOptions<T>): Promise<T[]> {
  return readConsistentListing({
    readPass: () => readPass(options),
    keyOf: options.keyOf,
    maxPasses: options.passes ?? 3,
    fail: options.fail,
  });
}

async function readPass<T>(options: ReadAllOptions<T>): Promise<ListingPass<T>> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Map<string, T>();
  let offset = 0;
  let total: number | undefined;
  let pages = 1;
  for (; ; pages++) {
    const page = await options.fetchPage(offset);
    if (total === undefined) total = page.total;
    else if (page.total !== total)
      return { ok: false, reason: `total changed from ${total} to ${page.total}` };
    for (const item of page.items) {
      const key = options.keyOf(item);
      if (!seen.has(key)) seen.set(key, item);
    }
    // Advance by what arrived, not by the limit we asked for: a server may return fewer.
    offset += page.items.length;
    if (page.items.length === 0 || offset >= total) break;
    if (pages >= maxPages) throw options.fail(`more than ${maxPages} pages`);
  }
  if (seen.size !== total)
    return { ok: false, reason: `read ${seen.size} distinct entries, total says ${total}` };
  return { ok: true, items: [...seen.values()], singlePage: pages === 1 };
}
