// Offset/limit paging that survives servers which clamp `limit`, and estates that change while we
// read them. Offset paging over a changing list can skip or repeat entries, so a pass that saw
// `total` move (or ended with a different count than `total`) is read again from the start; an
// audit must not silently miss a principal.

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ReadAllOptions<T> {
  fetchPage: (offset: number) => Promise<Page<T>>;
  keyOf: (item: T) => string;
  /** Builds the error thrown when no consistent pass was possible. */
  fail: (reason: string) => Error;
  onRestart?: (reason: string) => void;
  passes?: number;
  maxPages?: number;
}

type PassResult<T> = { items: T[] } | { restart: string };

export async function readAllPages<T>(options: ReadAllOptions<T>): Promise<T[]> {
  const passes = options.passes ?? 3;
  let reason = "";
  for (let pass = 0; pass < passes; pass++) {
    const result = await readPass(options);
    if ("items" in result) return result.items;
    reason = result.restart;
    options.onRestart?.(reason);
  }
  throw options.fail(`no consistent listing after ${passes} passes (${reason})`);
}

async function readPass<T>(options: ReadAllOptions<T>): Promise<PassResult<T>> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Map<string, T>();
  let offset = 0;
  let total: number | undefined;
  for (let pages = 1; ; pages++) {
    const page = await options.fetchPage(offset);
    if (total === undefined) total = page.total;
    else if (page.total !== total)
      return { restart: `total changed from ${total} to ${page.total}` };
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
    return { restart: `read ${seen.size} distinct entries, total says ${total}` };
  return { items: [...seen.values()] };
}
