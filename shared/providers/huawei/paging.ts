// Offset/limit paging that survives servers which clamp `limit`, and estates that change while we
// read them: later pages start where the first page's length says, and when a listing may be
// trusted is consistent-listing.ts's business (an audit must not silently miss a principal).
import { type ListingMode, readListing } from "../consistent-listing.ts";

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ReadAllOptions<T> {
  /** Reads `limit` items from `offset` (the client sends at most its own page limit). */
  fetchPage: (offset: number) => Promise<Page<T>>;
  keyOf: (item: T) => string;
  /** Builds the error thrown when no consistent pass was possible. */
  fail: (reason: string) => Error;
  /** The `limit` the client asks for. */
  pageSize: number;
  /** `RMQ_DRIFT_LISTING` (default `checked`). */
  mode?: ListingMode;
  /** Full passes at most (default 3, at least 2). */
  passes?: number;
  maxPages?: number;
}

export function readAllPages<T>(options: ReadAllOptions<T>): Promise<T[]> {
  return readListing({
    fetchPage: (index, size) => options.fetchPage(index * size),
    pageSize: options.pageSize,
    keyOf: options.keyOf,
    mode: options.mode ?? "checked",
    maxPasses: options.passes,
    maxPages: options.maxPages,
    fail: options.fail,
  });
}
