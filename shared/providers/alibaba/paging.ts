// Offset paging (pageNumber/pageSize/totalCount, no continuation token) that never skips or
// repeats. The server may clamp the page size, so later pages ask for the size it actually used;
// a pass ends when exactly `totalCount` distinct items are in hand. A pass that saw the collection
// change underneath it (totalCount moves, an item repeats, pages run dry early) proves nothing, and
// a multi-page pass must be confirmed by a second one (see consistent-listing.ts for why); after a
// bounded number of passes the listing fails rather than return a possibly partial list.
import { type ListingPass, readConsistentListing } from "../consistent-listing.ts";
import { AlibabaApiError } from "./response.ts";
import type { Page } from "./schemas.ts";

export interface PageRequest {
  pageNumber: number;
  pageSize: number;
}

export interface ListAllOptions<T> {
  call: string;
  pageSize: number;
  /** Identity of an item; two items with one key in a listing mean the pages shifted. */
  key: (item: T) => string;
  /** Full passes at most (default 3, at least 2). */
  maxPasses?: number;
}

export function listAllPages<T>(
  fetchPage: (req: PageRequest) => Promise<Page<T>>,
  options: ListAllOptions<T>,
): Promise<T[]> {
  return readConsistentListing({
    readPass: () => readListing(fetchPage, options),
    keyOf: options.key,
    maxPasses: options.maxPasses ?? 3,
    fail: (reason) =>
      new AlibabaApiError(
        `${options.call} paging failed: ${reason}`,
        {
          call: options.call,
          httpStatus: null,
          code: "InconsistentPaging",
          requestId: null,
          retryable: false,
        },
        "malformed",
      ),
  });
}

async function readListing<T>(
  fetchPage: (req: PageRequest) => Promise<Page<T>>,
  options: ListAllOptions<T>,
): Promise<ListingPass<T>> {
  const first = await fetchPage({ pageNumber: 1, pageSize: options.pageSize });
  const total = first.totalCount;
  const size = effectivePageSize(first, options.pageSize);
  // One spare page, so a listing that never reaches totalCount ends instead of looping.
  const lastPage = Math.ceil(total / size) + 1;
  const seen = new Map<string, T>();
  let page = first;
  for (let n = 1; ; n++) {
    if (n > 1) page = await fetchPage({ pageNumber: n, pageSize: size });
    const problem = checkPage(page, n, total, seen, options.key);
    if (problem) return { ok: false, reason: problem };
    if (seen.size === total) return { ok: true, items: [...seen.values()], singlePage: n === 1 };
    if (page.list.length === 0 || n >= lastPage) {
      return { ok: false, reason: `pages ran out at ${seen.size} of ${total} items` };
    }
  }
}

function checkPage<T>(
  page: Page<T>,
  n: number,
  total: number,
  seen: Map<string, T>,
  key: (item: T) => string,
): string | undefined {
  if (page.pageNumber !== undefined && page.pageNumber !== n) {
    return `asked for page ${n}, got page ${page.pageNumber}`;
  }
  if (page.totalCount !== total) return `totalCount changed from ${total} to ${page.totalCount}`;
  for (const item of page.list) {
    const k = key(item);
    if (seen.has(k)) return `page ${n} repeated an item seen before`;
    seen.set(k, item);
  }
  return seen.size > total ? `more than totalCount (${total}) items` : undefined;
}

/**
 * The size the server really used. A first page that is not the last one is full by definition, so
 * its length is the truth even if the `pageSize` field echoes what we asked for.
 */
function effectivePageSize<T>(first: Page<T>, requested: number): number {
  if (first.list.length > 0 && first.list.length < first.totalCount) return first.list.length;
  return Math.max(1, first.pageSize ?? requested);
}
