// Accounts that change while ListInstanceAccount is paged, in both listing modes: `checked` (one
// pass + page 1 and totalCount read again at the end) and `strict` (two agreeing passes). What
// each mode catches — and the one churn only `strict` catches — is spelt out in
// consistent-listing.ts and the README.
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../../sandbox/alibaba.ts";
import type { ListingMode } from "../../../shared/providers/consistent-listing.ts";
import {
  accountsOf,
  collectorFor,
  instanceSeed,
  type Stand,
  seedWith,
  startStandIn,
  target,
} from "./helpers.ts";

const named = (username: string) => ({
  username,
  password: "pw",
  accountType: "CUSTOMER",
  accountStatus: "ENABLE",
});

let stand: Stand | undefined;
afterEach(async () => {
  await stand?.sandbox.close();
  stand = undefined;
});

async function start(names: string[]) {
  const accounts = names.map(named);
  stand = await startStandIn(seedWith([instanceSeed({ accounts, acls: [] })], { maxPageSize: 2 }));
  return stand;
}

/** Runs `change` on the accounts when the n-th ListInstanceAccount request arrives (1-based). */
function onListRequest(s: Stand, change: (n: number, r: RecordedRequest) => void) {
  let n = 0;
  s.route.onRequest = (r) => {
    if (r.action === "ListInstanceAccount") change(++n, r);
  };
}

const accounts = (s: Stand) => s.route.seed.instances[0]?.accounts ?? [];

// One request at a time, so the order in which the pages reach the server is the order asked.
async function collect(s: Stand, listing: ListingMode) {
  const collector = collectorFor(s.url, { pageSize: 2, listing, concurrency: 1 });
  const result = await collector.collect(target(undefined));
  await collector.close();
  const lists = s.route.requests.filter((r) => r.action === "ListInstanceAccount");
  return { result, lists: lists.length };
}

const names = (r: Awaited<ReturnType<typeof collect>>) =>
  accountsOf(r.result.target).map((a) => a.username);

describe.each(["checked", "strict"] as const)("%s listing", (mode) => {
  it("a principal created mid-listing at the front is still caught", async () => {
    const s = await start(["B", "C", "D", "E"]);
    onListRequest(s, (n) => {
      if (n === 2) accounts(s).unshift(named("A-new-admin"));
    });
    const out = await collect(s, mode);
    expect(names(out)).toEqual(["A-new-admin", "B", "C", "D", "E"]);
  });

  it("a principal created after the pages were read is caught by the next pass", async () => {
    const s = await start(["B", "C", "D"]);
    // Request 3 is the end check in `checked` mode and page 1 of pass 2 in `strict` mode.
    onListRequest(s, (n) => {
      if (n === 3) accounts(s).unshift(named("A-new-admin"));
    });
    const out = await collect(s, mode);
    expect(names(out)).toEqual(["A-new-admin", "B", "C", "D"]);
  });

  it("a delete and a create before page 2 (total unchanged) cannot hide an account", async () => {
    // A, B, D on pages of 2; before page 2, A goes and C comes. Page 2 (offset 2) now holds C, and
    // D, which existed throughout, slid onto page 1 unseen while {A, B, C} numbers totalCount.
    const s = await start(["A", "B", "D-rogue-admin"]);
    let created = 0;
    onListRequest(s, (_n, r) => {
      if (r.query.pageNumber !== "2" || created > 0) return;
      accounts(s).splice(0, 1);
      accounts(s).push(named(`C${created++}`));
    });
    const out = await collect(s, mode);
    expect(names(out)).toEqual(["B", "C0", "D-rogue-admin"]);
    // checked: page 1 changed, so a second pass (2 pages + check); strict: 3 passes of 2 pages.
    expect(out.lists).toBe(6);
  });

  it("churn on every pass fails the target closed with InconsistentPaging", async () => {
    const s = await start(["A", "B", "D-rogue-admin"]);
    let created = 0;
    onListRequest(s, (_n, r) => {
      if (r.query.pageNumber !== "2") return;
      accounts(s).splice(0, 1);
      accounts(s).push(named(`C${created++}`));
    });
    const out = await collect(s, mode);
    expect(out.result.target).toMatchObject({
      status: "error",
      error: { code: "InconsistentPaging", call: "ListInstanceAccount" },
    });
    expect(out.lists).toBe(mode === "checked" ? 3 * 3 : 3 * 2);
  });
});

describe("what only strict listing catches", () => {
  // A, B | C, D | E on pages of 2. Between page 2 and page 3, C (on page 2, already read) goes and
  // F comes at the end: E slides onto page 2 unseen, page 3 holds F, the total and page 1 are
  // unchanged, and no key repeats. One pass cannot tell; a second pass can.
  const churn = (s: Stand) => {
    let done = false;
    onListRequest(s, (_n, r) => {
      if (r.query.pageNumber !== "3" || done) return;
      done = true;
      accounts(s).splice(2, 1);
      accounts(s).push(named("F"));
    });
  };

  it("checked: the listing looks whole and E, which existed throughout, is missed", async () => {
    const s = await start(["A", "B", "C", "D", "E"]);
    churn(s);
    const out = await collect(s, "checked");
    expect(names(out)).toEqual(["A", "B", "C", "D", "F"]);
    expect(out.lists).toBe(3 + 1);
  });

  it("strict: the two passes disagree and the live set is reported", async () => {
    const s = await start(["A", "B", "C", "D", "E"]);
    churn(s);
    const out = await collect(s, "strict");
    expect(names(out)).toEqual(["A", "B", "D", "E", "F"]);
    expect(out.lists).toBe(3 * 3);
  });
});
