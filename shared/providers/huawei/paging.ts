// Offset/limit paging that survives servers which clamp `limit`, and estates that change while we
// read them: later pages start where the first page's length says, and when a listing may be
// trusted is consistent-listing.ts's business (an audit must not silently miss a principal).
import { ProviderError } from "../../errors.ts";
import { type ListAllPages, type PageRequest, readListing } from "../consistent-listing.ts";

/** The offset of a page: pages after the first start where the server's real page size says. */
export const pageOffset = (req: PageRequest): number => req.index * req.size;

export const listAllPages: ListAllPages = (fetchPage, options) =>
  readListing(fetchPage, options, (reason) => pagingError(options.call, reason));

function pagingError(call: string, reason: string): ProviderError {
  return new ProviderError(`${call} paging failed: ${reason}`, {
    provider: "huawei",
    call,
    httpStatus: null,
    code: "InconsistentPaging",
    requestId: null,
    retryable: false,
  });
}
