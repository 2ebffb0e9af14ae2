// Offset paging (pageNumber/pageSize/totalCount, no continuation token) that never skips or
// repeats. The server may clamp the page size, so later pages ask for the size it actually used;
// the listing ends when exactly `totalCount` distinct items are in hand. If the collection changes
// underneath us (totalCount moves, an item repeats, pages run dry early) the listing restarts from
// page 1, a bounded number of times, and then fails rather than return a partial list.
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
  /** Fresh listings after an inconsistent one. */
  maxRestarts?: number;
}

type Outcome<T> = { ok: true; items: T[] } | { ok: false; reason: string };

export async function listAllPages<T>(
  fetchPage: (req: PageRequest) => Promise<Page<T>>,
  options: ListAllOptions<T>,
): Promise<T[]> {
  const maxRestarts = options.maxRestarts ?? 2;
  let reason = "";
  for (let attempt = 0; attempt <= maxRestarts; attempt++) {
    const outcome = await readListing(fetchPage, options);
    if (outcome.ok) return outcome.items;
    reason = outcome.reason;
  }
  throw new AlibabaApiError(
    `${options.call} paging was inconsistent ${maxRestarts + 1} times in a row: ${reason}`,
    {
      call: options.call,
      httpStatus: null,
      code: "InconsistentPaging",
      requestId: null,
      retryable: false,
    },
    "malformed",
  );
}

async function readListing<T>(
  fetchPage: (req: PageRequest) => Promise<Page<T>>,
  options: ListAllOptions<T>,
): Promise<Outcome<T>> {
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
    if (seen.size === total) return { ok: true, items: [...seen.values()] };
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
