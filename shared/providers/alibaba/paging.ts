// Offset paging (pageNumber/pageSize/totalCount, no continuation token) that never skips or
// repeats. The server may clamp the page size, so later pages ask for the size it actually used,
// and a page must say it is the page asked for. When a listing may be trusted — one pass plus an
// end check, or two agreeing passes — is consistent-listing.ts's business; after a bounded number
// of passes the listing fails rather than return a possibly partial list.
import {
  type ListAllPages,
  type PageOf,
  type PageRequest,
  readListing,
} from "../consistent-listing.ts";
import { AlibabaApiError } from "./response.ts";
import type { Page } from "./schemas.ts";

/** The wire params of a page: 1-based `pageNumber`. */
export interface PageQuery {
  pageNumber: number;
  pageSize: number;
}

export const pageQuery = (req: PageRequest): PageQuery => ({
  pageNumber: req.index + 1,
  pageSize: req.size,
});

export const pageOf = <T>(page: Page<T>): PageOf<T> => ({
  items: page.list,
  total: page.totalCount,
  index: page.pageNumber === undefined ? undefined : page.pageNumber - 1,
  size: page.pageSize,
});

export const listAllPages: ListAllPages = (fetchPage, options) =>
  readListing(fetchPage, options, (reason) => pagingError(options.call, reason));

function pagingError(call: string, reason: string): AlibabaApiError {
  return new AlibabaApiError(
    `${call} paging failed: ${reason}`,
    {
      call,
      httpStatus: null,
      code: "InconsistentPaging",
      requestId: null,
      retryable: false,
    },
    "malformed",
  );
}
