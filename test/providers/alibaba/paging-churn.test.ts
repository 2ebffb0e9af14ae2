// Regression for a silent skip: a delete and a create between page 1 and page 2 keep totalCount,
// so a single offset-paged pass can miss an account that existed throughout and still look
// complete. Only a second, agreeing pass may confirm a multi-page listing (consistent-listing.ts).
import { afterEach, describe, expect, it } from "vitest";
import {
  accountsOf,
  collectorFor,
  instanceSeed,
  type Stand,
  seedWith,
  startStand,
  target,
} from "./helpers.ts";

const named = (username: string) => ({
  username,
  password: "pw",
  accountType: "CUSTOMER",
  accountStatus: "ENABLE",
});

describe("a delete and a create between pages (total unchanged) cannot hide an account", () => {
  // The reviewer's scenario: A, B, D on pages of 2. Before page 2, A is deleted and C created.
  // Page 2 (offset 2) now holds C: D, which existed throughout, slid onto page 1 unseen, and
  // {A, B, C} still numbers totalCount, so a single pass would report it as the full estate.
  let stand: Stand | undefined;
  afterEach(async () => {
    await stand?.sandbox.close();
    stand = undefined;
  });
  const churnBeforePage2 = (s: Stand, times: number) => {
    let n = 0;
    s.route.onRequest = (r) => {
      if (r.action !== "ListInstanceAccount" || r.query.pageNumber !== "2" || n >= times) return;
      const accounts = s.route.seed.instances[0]?.accounts ?? [];
      accounts.splice(0, 1);
      accounts.push(named(`C${n++}`));
    };
  };
  const start = async () => {
    const accounts = ["A", "B", "D-rogue-admin"].map(named);
    const s = await startStand(
      seedWith([instanceSeed({ accounts, acls: [] })], { maxPageSize: 2 }),
    );
    stand = s;
    return s;
  };
  const collect = async (s: Stand) => {
    const collector = collectorFor(s.url, { pageSize: 2 });
    const result = await collector.collect(target(undefined));
    await collector.close();
    const lists = s.route.requests.filter((r) => r.action === "ListInstanceAccount");
    return { result, lists };
  };

  it("one change: the stale pass is not confirmed, the live set is reported", async () => {
    const s = await start();
    churnBeforePage2(s, 1);
    const { result, lists } = await collect(s);
    expect(accountsOf(result.target).map((a) => a.username)).toEqual(["B", "C0", "D-rogue-admin"]);
    // Pass 1 {A, B, C0} and pass 2 {B, C0, D} disagree; pass 3 confirms pass 2.
    expect(lists).toHaveLength(3 * 2);
  });

  it("churn on every pass fails the target closed with InconsistentPaging", async () => {
    const s = await start();
    churnBeforePage2(s, Number.POSITIVE_INFINITY);
    const { result, lists } = await collect(s);
    expect(result.target).toMatchObject({
      status: "error",
      error: { code: "InconsistentPaging", call: "ListInstanceAccount" },
    });
    expect(lists).toHaveLength(3 * 2);
  });
});
