// The Huawei stand-in's own gatekeeping, probed with hand-signed requests: clock skew, project
// header, trailing-slash rule on the wire, paging bounds, routes, and X-Request-Id everywhere.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatSdkDate,
  type QueryParams,
  signSdkHmac,
} from "../../../shared/providers/huawei/sign.ts";
import {
  AK,
  type HuaweiStandIn,
  INSTANCE,
  PROJECT,
  SK,
  seedWith,
  startStandIn,
  users,
} from "./helpers.ts";

let standIn: HuaweiStandIn;
beforeAll(async () => {
  standIn = await startStandIn(seedWith(users(12)));
});
afterAll(() => standIn.close());

interface Probe {
  path: string;
  wirePath?: string;
  query?: QueryParams;
  wireQuery?: string;
  date?: Date;
  projectHeader?: string;
}

async function probe(p: Probe) {
  const host = new URL(standIn.url).host;
  const headers = {
    host,
    "X-Sdk-Date": formatSdkDate(p.date ?? new Date()),
    "X-Project-Id": p.projectHeader ?? PROJECT,
  };
  const signed = signSdkHmac({
    method: "GET",
    path: p.path,
    query: p.query,
    headers,
    ak: AK,
    sk: SK,
  });
  const { host: _h, ...sent } = headers;
  const qs =
    p.wireQuery ??
    new URLSearchParams(
      Object.entries(p.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
  const res = await request(`${standIn.url}${p.wirePath ?? p.path}${qs ? `?${qs}` : ""}`, {
    headers: { ...sent, Authorization: signed.authorization },
  });
  const body = (await res.body.json()) as Record<string, unknown>;
  return { status: res.statusCode, body, requestId: res.headers["x-request-id"] };
}

const users_ = `/v2/${PROJECT}/instances/${INSTANCE}/users`;

describe("Huawei stand-in", () => {
  it("accepts a fresh signature and answers ListUser as { users, total }", async () => {
    const res = await probe({ path: users_, query: { limit: 5, offset: 10 } });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(12);
    expect((res.body.users as Array<{ access_key: string }>).map((u) => u.access_key)).toEqual([
      "user_010",
      "user_011",
    ]);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the canonical URI carries the trailing slash whether or not the wire path does", async () => {
    const res = await probe({ path: users_, wirePath: `${users_}/` });
    // Same canonical request, so the signature holds; the route then treats `/users/` as ShowUser of "".
    expect(res.body.error_code).not.toBe("APIGW.0301");
  });

  it("a form-encoded wire query (`+` for space) verifies against the strict canonical query", async () => {
    const res = await probe({
      path: users_,
      query: { limit: 5, x: "a b" },
      wireQuery: "limit=5&x=a+b",
    });
    expect(res.status).toBe(200);
  });

  it("refuses an X-Sdk-Date more than 15 minutes off", async () => {
    const res = await probe({ path: users_, date: new Date(Date.now() - 16 * 60_000) });
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe("APIGW.0301");
    expect(String(res.body.error_msg)).toMatch(/15 minutes/);
    const ok = await probe({ path: users_, date: new Date(Date.now() - 14 * 60_000) });
    expect(ok.status).toBe(200);
  });

  it("refuses an X-Project-Id that is not the path's project", async () => {
    const res = await probe({ path: users_, projectHeader: "ffffffffffffffffffffffffffffffff" });
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe("DMS.10240104");
  });

  it.each([0, 51])("limit=%i is out of range → 400 with a DMS code", async (limit) => {
    const res = await probe({ path: users_, query: { limit } });
    expect(res.status).toBe(400);
    expect(String(res.body.error_code)).toMatch(/^DMS\./);
  });

  it("error bodies carry error_code, error_msg, request_id and the X-Request-Id header", async () => {
    const res = await probe({ path: `/v2/${PROJECT}/instances/${INSTANCE}/topics` });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error_code: "DMS.00404001", request_id: res.requestId });
    const badProject = await probe({
      path: "/v2/not-a-project/instances",
      projectHeader: "not-a-project",
    });
    expect(badProject.body.error_code).toBe("DMS.00400002");
  });

  it("ListInstances requires engine=rocketmq", async () => {
    const res = await probe({ path: `/v2/${PROJECT}/instances` });
    expect(res.status).toBe(400);
    const ok = await probe({ path: `/v2/${PROJECT}/instances`, query: { engine: "rocketmq" } });
    expect(ok.body.instance_num).toBe(2);
  });
});
