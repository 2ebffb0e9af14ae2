// Paging that never skips or repeats: clamped page sizes, a totalCount that moves, servers that
// echo the requested size, repeat items or run dry early; a multi-page listing needs its end check
// (`checked`) or a second, agreeing pass (`strict`) — the churn behind both is in
// paging-churn.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlibabaClient } from "../../../shared/providers/alibaba/client.ts";
import {
  listAllPages,
  type PageQuery,
  pageOf,
  pageQuery,
} from "../../../shared/providers/alibaba/paging.ts";
import { AlibabaApiError } from "../../../shared/providers/alibaba/response.ts";
import type { Page } from "../../../shared/providers/alibaba/schemas.ts";
import type { PageRequest } from "../../../shared/providers/consistent-listing.ts";
import { INSTANCE, instanceSeed, KEY, type Stand, seedWith, startStandIn } from "./helpers.ts";

const account = (n: number) => ({
  username: `user-${String(n).padStart(3, "0")}`,
  password: "pw",
  accountType: "CUSTOMER",
  accountStatus: "ENABLE",
});

describe("against the stand-in: 23 accounts, at most 7 per page", () => {
  let stand: Stand;
  const client = createAlibabaClient({ credentials: KEY, qps: 1000, concurrency: 2 });
  beforeAll(async () => {
    const accounts = Array.from({ length: 23 }, (_, i) => account(i));
    stand = await startStandIn(
      seedWith([instanceSeed({ accounts, acls: [] })], { maxPageSize: 7 }),
    );
  });
  afterAll(async () => {
    await client.close();
    await stand.sandbox.close();
  });
  const scope = () => ({ origin: stand.url, instanceId: INSTANCE });
  const listRequests = () => stand.route.requests.filter((r) => r.action === "ListInstanceAccount");

  it("asks 100, gets 7 per page, returns all 23 exactly once: 4 pages, then page 1 again", async () => {
    stand.route.requests.length = 0;
    const accounts = await client.listInstanceAccounts(scope());
    expect(accounts.map((a) => a.username)).toEqual(
      Array.from({ length: 23 }, (_, i) => account(i).username),
    );
    const asked = listRequests().map((r) => `${r.query.pageNumber}/${r.query.pageSize}`);
    // Pages 2–4 go out together once page 1 has told the total, so they may arrive in any order.
    expect(asked[0]).toBe("1/100");
    expect(asked.slice(1, 4).sort()).toEqual(["2/7", "3/7", "4/7"]);
    expect(asked.slice(4)).toEqual(["1/7"]);
  });

  it("restarts when totalCount changes between pages, and returns each item once", async () => {
    stand.route.requests.length = 0;
    let pushed = false;
    stand.route.onRequest = (r) => {
      if (r.action === "ListInstanceAccount" && r.query.pageNumber === "2" && !pushed) {
        pushed = true;
        stand.route.seed.instances[0]?.accounts.push(account(99));
      }
    };
    const accounts = await client.listInstanceAccounts(scope());
    stand.route.onRequest = undefined;
    const names = accounts.map((a) => a.username);
    expect(names).toHaveLength(24);
    expect(new Set(names).size).toBe(24);
    // A broken pass (4 pages), then a pass of 4 pages whose end check holds.
    expect(listRequests()).toHaveLength(4 + 4 + 1);
  });

  it("gives up with InconsistentPaging when the list never holds still (no endless loop)", async () => {
    stand.route.requests.length = 0;
    let n = 200;
    stand.route.onRequest = (r) => {
      if (r.action === "ListInstanceAccount")
        stand.route.seed.instances[0]?.accounts.unshift(account(n++));
    };
    const err = await client.listInstanceAccounts(scope()).catch((e: unknown) => e);
    stand.route.onRequest = undefined;
    expect(err).toBeInstanceOf(AlibabaApiError);
    expect((err as AlibabaApiError).details).toMatchObject({
      code: "InconsistentPaging",
      call: "ListInstanceAccount",
    });
    // Three passes of at most 5 pages (the list grows by one per request): bounded.
    expect(listRequests().length).toBeLessThanOrEqual(3 * 5);
  });
});

/** A scripted server: `pages(req)` answers each request. */
function scripted<T>(pages: (req: PageQuery) => Page<T>) {
  const asked: PageQuery[] = [];
  const fetchPage = async (req: PageRequest) => {
    const wire = pageQuery(req);
    asked.push(wire);
    return pageOf(pages(wire));
  };
  return { asked, fetchPage };
}

const items = Array.from({ length: 23 }, (_, i) => `item-${i}`);
const opts = { call: "ListInstanceAcl", pageSize: 100, key: (s: string) => s };

describe("listAllPages against scripted servers", () => {
  it("trusts a full first page over a pageSize field that echoes the request", async () => {
    const server = scripted((req) => {
      const start = (req.pageNumber - 1) * Math.min(7, req.pageSize);
      return {
        pageNumber: req.pageNumber,
        pageSize: req.pageSize,
        totalCount: 23,
        list: items.slice(start, start + Math.min(7, req.pageSize)),
      };
    });
    expect(await listAllPages(server.fetchPage, opts)).toEqual(items);
    expect(server.asked.map((r) => r.pageSize)).toEqual([100, 7, 7, 7, 7]);
  });

  it("an empty listing is one request", async () => {
    const server = scripted(() => ({ totalCount: 0, list: [] }));
    expect(await listAllPages(server.fetchPage, opts)).toEqual([]);
    expect(server.asked).toHaveLength(1);
  });

  it("fails closed when pages run dry before totalCount", async () => {
    const server = scripted((req) => ({
      totalCount: 23,
      list: req.pageNumber === 1 ? items.slice(0, 10) : [],
    }));
    await expect(listAllPages(server.fetchPage, opts)).rejects.toMatchObject({
      details: { code: "InconsistentPaging" },
    });
    // Three passes of page 1 and the two pages its total calls for.
    expect(server.asked.length).toBe(9);
  });

  it("fails closed when a server clamps pageNumber and repeats the last page", async () => {
    const server = scripted((req) => {
      const n = Math.min(req.pageNumber, 2);
      return { totalCount: 23, list: items.slice((n - 1) * 10, n * 10) };
    });
    await expect(listAllPages(server.fetchPage, opts)).rejects.toMatchObject({
      details: { code: "InconsistentPaging" },
    });
  });

  it("fails closed when the server reports a page other than the one asked for", async () => {
    const server = scripted(() => ({
      pageNumber: 1,
      pageSize: 10,
      totalCount: 23,
      list: items.slice(0, 10),
    }));
    await expect(listAllPages(server.fetchPage, { ...opts, maxPasses: 2 })).rejects.toThrow(
      /asked for page 2, got page 1/,
    );
  });
});

describe("listAllPages: when a listing is trusted", () => {
  const page = (list: string[], totalCount = list.length) => ({ totalCount, list });

  it("a listing that arrives in one response is accepted after one request", async () => {
    const server = scripted(() => page(items));
    expect(await listAllPages(server.fetchPage, opts)).toEqual(items);
    expect(server.asked).toHaveLength(1);
  });

  it("checked: a page 1 that changes on every read ends in InconsistentPaging", async () => {
    let reads = 0;
    const server = scripted((req) => {
      if (req.pageNumber === 1) reads++;
      const list = ["a", `x${reads}`, "c"];
      const start = (req.pageNumber - 1) * 2;
      return page(list.slice(start, start + 2), 3);
    });
    await expect(listAllPages(server.fetchPage, opts)).rejects.toThrow(
      /no consistent listing after 3 passes \(the listing moved: page 1 changed\)/,
    );
    expect(server.asked).toHaveLength(3 * 3);
  });

  it("strict: a multi-page listing is accepted when a second pass lists the same keys", async () => {
    let pass = 0;
    const server = scripted((req) => {
      if (req.pageNumber === 1) pass++;
      // The second pass has the same keys in another order, with fresher values.
      const list = pass === 1 ? ["a", "b", "c"] : ["c", "b", "a"];
      const start = (req.pageNumber - 1) * 2;
      return page(list.slice(start, start + 2), 3);
    });
    const key = (s: string) => s;
    const strict = { ...opts, key, mode: "strict" as const };
    expect(await listAllPages(server.fetchPage, strict)).toEqual(["c", "b", "a"]);
    expect(server.asked).toHaveLength(4);
  });

  it("strict: passes that never agree end in InconsistentPaging after maxPasses", async () => {
    let pass = 0;
    const server = scripted((req) => {
      if (req.pageNumber === 1) pass++;
      const list = ["a", `x${pass}`, "c"];
      const start = (req.pageNumber - 1) * 2;
      return page(list.slice(start, start + 2), 3);
    });
    await expect(listAllPages(server.fetchPage, { ...opts, mode: "strict" })).rejects.toThrow(
      /no consistent listing after 3 passes \(two passes listed different items\)/,
    );
    expect(server.asked).toHaveLength(6);
  });
});
