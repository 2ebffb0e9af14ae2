// Regression for a silent skip: a delete and a create between page 1 and page 2 keep `total`, so
// a single offset-paged pass can miss a user that existed throughout and still look complete.
// Both listing modes catch it: `checked` because page 1 changed, `strict` because two passes
// disagree (consistent-listing.ts; the churn only `strict` catches is in the Alibaba tests).
import { afterEach, describe, expect, it } from "vitest";
import type { ListingMode, PageRequest } from "../../../shared/providers/consistent-listing.ts";
import { listAllPages, pageOffset } from "../../../shared/providers/huawei/paging.ts";
import type { HuaweiTargetOk } from "../../../shared/providers/huawei/target.ts";
import {
  collectorFor,
  type HuaweiStandIn,
  seedWith,
  startStandIn,
  target,
  user,
} from "./helpers.ts";

let standIn: HuaweiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** A, B, D on pages of 2; before the request for offset 2, the first user goes and a new one comes. */
async function churnBeforePage2(times: number, listing: ListingMode) {
  const seed = seedWith([user("A"), user("B"), user("D_rogue", { admin: true })], { maxLimit: 2 });
  const s = await startStandIn(seed);
  standIn = s;
  let n = 0;
  s.route.onRequest = (request, query) => {
    if (request.call !== "ListUser" || query.get("offset") !== "2" || n >= times) return;
    const users = s.route.seed.instances[0]?.users ?? [];
    users.splice(0, 1);
    users.push(user(`C${n++}`));
  };
  const { collector } = collectorFor(s.url, { listing });
  const result = await collector.collect(target());
  await collector.close();
  return { result, listUser: s.route.requests.filter((r) => r.call === "ListUser").length };
}

describe.each(["checked", "strict"] as const)(
  "%s: a delete and a create between pages (total unchanged) cannot hide a user",
  (mode) => {
    it("one change: the stale pass is not trusted, the live set is reported", async () => {
      const { result, listUser } = await churnBeforePage2(1, mode);
      expect(result.target.status).toBe("ok");
      const users = (result.target as HuaweiTargetOk).users;
      expect(users.map((u) => [u.accessKey, u.admin])).toEqual([
        ["B", false],
        ["C0", false],
        ["D_rogue", true],
      ]);
      // checked: page 1 changed, so pass 2 (2 pages + check); strict: pass 3 confirms pass 2.
      expect(listUser).toBe(mode === "checked" ? 3 + 3 : 3 * 2);
    });

    it("churn on every pass fails the target closed with InconsistentPaging", async () => {
      const { result, listUser } = await churnBeforePage2(Number.POSITIVE_INFINITY, mode);
      expect(result.target).toMatchObject({
        status: "error",
        error: { code: "InconsistentPaging", call: "ListUser" },
      });
      expect(listUser).toBe(mode === "checked" ? 3 * 3 : 3 * 2);
    });
  },
);

describe("listAllPages: when a listing is trusted", () => {
  const options = { call: "ListUser", key: (s: string) => s, pageSize: 2 };

  it("a listing that arrives in one response is one request", async () => {
    const asked: number[] = [];
    const fetchPage = async (req: PageRequest) => {
      asked.push(pageOffset(req));
      return { items: ["a", "b"], total: 2 };
    };
    expect(await listAllPages(fetchPage, options)).toEqual(["a", "b"]);
    expect(asked).toEqual([0]);
  });

  const pagesOf = (asked: number[]) => async (req: PageRequest) => {
    const offset = pageOffset(req);
    asked.push(offset);
    return { items: ["a", "b", "c"].slice(offset, offset + 2), total: 3 };
  };

  it("checked: a multi-page listing is one pass, then page 1 again", async () => {
    const asked: number[] = [];
    const fetchPage = pagesOf(asked);
    expect(await listAllPages(fetchPage, options)).toEqual(["a", "b", "c"]);
    expect(asked).toEqual([0, 2, 0]);
  });

  it("strict: a multi-page listing is read twice and accepted when both passes agree", async () => {
    const asked: number[] = [];
    const fetchPage = pagesOf(asked);
    expect(await listAllPages(fetchPage, { ...options, mode: "strict" })).toEqual(["a", "b", "c"]);
    expect(asked).toEqual([0, 2, 0, 2]);
  });
});
