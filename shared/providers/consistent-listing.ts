// When a paged listing may be trusted. Both clouds page by offset (page number or offset/limit),
// with no snapshot or continuation token, so a list that changes while it is read can shift
// under the reader. An insertion or deletion before the read position moves every later item one
// place: an item can then be read twice or — worse — slide onto a page already read and never be
// seen, and a principal silently vanishes from an `ok` target (DESIGN §2/§5: fail closed).
//
// Page 1 settles the page size and the total; the other pages are then fetched concurrently
// (the request budget still spaces them). Every pass fails when the total moves between pages,
// an item repeats, or the pages hold fewer distinct items than the total. On top of that:
//
// - `checked` (default): one pass, then page 1 is read again. Its keys and the total must be
//   unchanged. That catches any net insertion or deletion during the pass, and any churn inside
//   page 1. It cannot catch a deletion and a creation that cancel out (same total), both past
//   page 1, that land between two page reads: one item may then slide unseen onto a page already
//   read. Cost: pages + 1 requests. A failed check costs another pass (at most `maxPasses`).
// - `strict`: a multi-page listing is accepted only when a second full pass lists the same keys,
//   so a skip needs the same churn to recur, in lockstep, in both passes. Cost: 2 × pages.
// A listing that arrived in one response cannot have shifted and is accepted as is in both modes.

export type ListingMode = "checked" | "strict";

/** Which page to read, cloud-neutral: each cloud maps it to its wire params (page number, offset). */
export interface PageRequest {
  /** 0-based page index. */
  index: number;
  /** Items per page: the size asked for first, then the size the server really used. */
  size: number;
}

/** One page as a cloud answered it, mapped out of its wire shape. */
export interface PageOf<T> {
  items: T[];
  total: number;
  /** The 0-based page index the server says it served, when it says (Alibaba echoes it). */
  index?: number;
  /** The page size the server says it used. */
  size?: number;
}

/** The options every cloud's `listAllPages` takes. */
export interface ListingOptions<T> {
  /** The API call being listed; named in the InconsistentPaging error. */
  call: string;
  /** Items per page asked for first; the server may use fewer. */
  pageSize: number;
  /** Identity of an item; two items with one key in a listing mean the pages shifted. */
  key: (item: T) => string;
  /** `RMQ_DRIFT_LISTING` (default `checked`). */
  mode?: ListingMode;
  /** Passes at most, the first included (default 3, at least 2). */
  maxPasses?: number;
  /** A total needing more pages than this fails rather than fan out without bound. */
  maxPages?: number;
}

/** The signature each cloud's paging.ts exports as `listAllPages`. */
export type ListAllPages = <T>(
  fetchPage: (req: PageRequest) => Promise<PageOf<T>>,
  options: ListingOptions<T>,
) => Promise<T[]>;

/** Builds the error thrown when no pass could be trusted (InconsistentPaging). */
export type ListingFailure = (reason: string) => Error;

interface Reader<T> {
  fetchPage: (req: PageRequest) => Promise<PageOf<T>>;
  options: ListingOptions<T>;
  fail: ListingFailure;
}

type Pass<T> =
  | { ok: true; items: T[]; singlePage: boolean; first: PageOf<T>; size: number }
  | { ok: false; reason: string };

/** Reads every page of a listing, or fails with `fail` when no pass could be trusted. */
export async function readListing<T>(
  fetchPage: (req: PageRequest) => Promise<PageOf<T>>,
  options: ListingOptions<T>,
  fail: ListingFailure,
): Promise<T[]> {
  const reader: Reader<T> = { fetchPage, options, fail };
  const mode = options.mode ?? "checked";
  const maxPasses = Math.max(2, options.maxPasses ?? 3);
  let previous: ReadonlySet<string> | undefined;
  let reason = "no second pass confirmed the first";
  for (let pass = 1; pass <= maxPasses; pass++) {
    const result = await readPass(reader);
    if (result.ok && result.singlePage) return result.items;
    if (!result.ok) {
      reason = result.reason;
      previous = undefined;
      continue;
    }
    if (mode === "checked") {
      const moved = await checkUnmoved(reader, result.first, result.size);
      if (moved === undefined) return result.items;
      reason = moved;
      continue;
    }
    // Strict: the latest pass is returned — the same keys, and the freshest values.
    const keys = new Set(result.items.map(options.key));
    if (previous && sameKeys(previous, keys)) return result.items;
    if (previous) reason = "two passes listed different items";
    previous = keys;
  }
  throw fail(`no consistent listing after ${maxPasses} passes (${reason})`);
}

async function readPass<T>({ fetchPage, options, fail }: Reader<T>): Promise<Pass<T>> {
  const first = await fetchPage({ index: 0, size: options.pageSize });
  const total = first.total;
  const size = effectivePageSize(first, options.pageSize);
  const seen = new Map<string, T>();
  const problem = addPage(first, 0, total, seen, options.key);
  if (problem) return { ok: false, reason: problem };
  if (seen.size >= total) {
    return { ok: true, items: [...seen.values()], singlePage: true, first, size };
  }
  const count = Math.ceil(total / size);
  const maxPages = options.maxPages ?? 10_000;
  if (count > maxPages) throw fail(`more than ${maxPages} pages`);
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, (_, i) => fetchPage({ index: i + 1, size })),
  );
  for (const [i, page] of rest.entries()) {
    const trouble = addPage(page, i + 1, total, seen, options.key);
    if (trouble) return { ok: false, reason: trouble };
  }
  if (seen.size !== total) {
    return { ok: false, reason: `pages ran out at ${seen.size} of ${total} items` };
  }
  return { ok: true, items: [...seen.values()], singlePage: false, first, size };
}

function addPage<T>(
  page: PageOf<T>,
  index: number,
  total: number,
  seen: Map<string, T>,
  keyOf: (item: T) => string,
): string | undefined {
  if (page.index !== undefined && page.index !== index) {
    return `asked for page ${index + 1}, got page ${page.index + 1}`;
  }
  if (page.total !== total) return `the total changed from ${total} to ${page.total}`;
  for (const item of page.items) {
    const key = keyOf(item);
    if (seen.has(key)) return `page ${index + 1} repeated an item seen before`;
    seen.set(key, item);
  }
  return seen.size > total ? `more than the total (${total}) items` : undefined;
}

/** The `checked` mode's end check: page 1 read again must hold the same keys and total. */
async function checkUnmoved<T>(
  { fetchPage, options }: Reader<T>,
  first: PageOf<T>,
  size: number,
): Promise<string | undefined> {
  const again = await fetchPage({ index: 0, size });
  if (again.total !== first.total) {
    return `the listing moved: the total changed from ${first.total} to ${again.total}`;
  }
  const before = new Set(first.items.map(options.key));
  const after = new Set(again.items.map(options.key));
  return sameKeys(before, after) ? undefined : "the listing moved: page 1 changed";
}

/**
 * The size the server really used. A first page that is not the last one is full by definition, so
 * its length is the truth even if a `pageSize` field echoes what we asked for.
 */
function effectivePageSize<T>(first: PageOf<T>, requested: number): number {
  if (first.items.length > 0 && first.items.length < first.total) return first.items.length;
  return Math.max(1, first.size ?? requested);
}

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}
