// Offset paging (pageNumber/pageSize/totalCount, no continuation token) that never skips or
// repeats. The server may clamp the page size, so later pages ask for the size it actually used,
// and a page must say it is the page asked for. When a listing may be trusted — one pass plus an
// end check, or two agreeing passes — is consistent-listing.ts's business; after a bounded number
// of passes the listing fails rather than return a possibly partial list.
import { type ListingMode, readListing } from "../consistent-listing.ts";
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
  /** `RMQ_DRIFT_LISTING` (default `checked`). */
  mode?: ListingMode;
  /** Full passes at most (default 3, at least 2). */
  maxPasses?: number;
}

export function listAllPages<T>(
  fetchPage: (req: PageRequest) => Promise<Page<T>>,
  options: ListAllOptions<T>,
): Promise<T[]> {
  return readListing({
    fetchPage: async (index, size) => {
      const page = await fetchPage({ pageNumber: index + 1, pageSize: size });
      return {
        items: page.list,
        total: page.totalCount,
        pageNumber: page.pageNumber,
        pageSize: page.pageSize,
      };
    },
    pageSize: options.pageSize,
    keyOf: options.key,
    mode: options.mode ?? "checked",
    maxPasses: options.maxPasses,
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
