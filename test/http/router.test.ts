import { describe, expect, it } from "vitest";
import { ConfigError, InputError, RequestError, ValidationError } from "../../shared/errors.ts";
import { tokenMatches } from "../../shared/http/auth.ts";
import { createRouter } from "../../shared/http/router.ts";
import type { NormalizedRequest } from "../../shared/http/types.ts";
import { createJsonLogger } from "../../shared/log/logger.ts";
import { RUN_ID, sampleReport } from "../support/reports.ts";
import { auth, fakeApp, OTHER_TOKEN, SAMPLE_HTML, sha256, TOKEN } from "./helpers.ts";

const req = (over: Partial<NormalizedRequest> = {}): NormalizedRequest => ({
  method: "GET",
  path: "/healthz",
  headers: {},
  body: null,
  requestId: "req-1",
  ...over,
});
const post = (body: string | null, headers: Record<string, string> = auth()) =>
  req({ method: "POST", path: "/audit", headers, body });
const json = (body: string) => JSON.parse(body);

describe("router: responses common to every route", () => {
  it("answers JSON, uncacheable, with the request id", async () => {
    const res = await createRouter(fakeApp()).handle(req({ requestId: "abc-123" }));
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-request-id"]).toBe("abc-123");
  });
});

describe("router: 200", () => {
  it("GET /healthz needs no token and reveals only ok", async () => {
    const res = await createRouter(fakeApp({ tokenHashes: [] })).handle(req());
    expect(res.status).toBe(200);
    expect(json(res.body)).toEqual({ ok: true });
  });

  it("POST /audit runs an HTTP-triggered audit with the body's options", async () => {
    const app = fakeApp();
    const body = JSON.stringify({ targets: ["alibaba/*"], principals: ["app-*"], dryRun: true });
    const res = await createRouter(app).handle(post(body));
    expect(res.status).toBe(200);
    expect(app.calls).toEqual([
      { trigger: "http", targets: ["alibaba/*"], principals: ["app-*"], dryRun: true },
    ]);
    const out = json(res.body);
    expect(Object.keys(out).sort()).toEqual(
      ["findings", "htmlUrl", "reportUrl", "runId", "status", "summary"].sort(),
    );
    expect(out.runId).toBe(RUN_ID);
    expect(out.status).toBe("drift");
    expect(out.findings).toEqual(sampleReport().findings);
    expect(out.reportUrl).toMatch(/report\.json$/);
    expect(out.htmlUrl).toMatch(/report\.html$/);
  });

  it("POST /audit with no body audits everything", async () => {
    const app = fakeApp();
    expect((await createRouter(app).handle(post(null))).status).toBe(200);
    expect((await createRouter(app).handle(post("  \n"))).status).toBe(200);
    expect(app.calls).toEqual([{ trigger: "http" }, { trigger: "http" }]);
  });

  it("GET /reports/latest and /reports/{runId} return the stored report", async () => {
    const router = createRouter(fakeApp());
    const latest = await router.handle(req({ path: "/reports/latest", headers: auth() }));
    expect(latest.status).toBe(200);
    expect(json(latest.body)).toEqual(sampleReport());
    const byId = await router.handle(req({ path: `/reports/${RUN_ID}`, headers: auth() }));
    expect(byId.status).toBe(200);
    expect(json(byId.body).runId).toBe(RUN_ID);
  });

  it("GET /reports/{runId}/report.html serves the stored page to authenticated callers only", async () => {
    const router = createRouter(fakeApp());
    const path = `/reports/${RUN_ID}/report.html`;
    const page = await router.handle(req({ path, headers: auth() }));
    expect(page.status).toBe(200);
    expect(page.body).toBe(SAMPLE_HTML);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect((await router.handle(req({ path }))).status).toBe(401);
    const other = `/reports/20261125T030000Z-000000/report.html`;
    expect((await router.handle(req({ path: other, headers: auth() }))).status).toBe(404);
    const bad = await router.handle(req({ path: "/reports/..%2F/report.html", headers: auth() }));
    expect(bad.status).toBe(400);
    const post = await router.handle(req({ method: "POST", path, headers: auth() }));
    expect(post.status).toBe(405);
  });

  it("GET /reports lists the stored runs, newest first, for authenticated callers only", async () => {
    const router = createRouter(fakeApp());
    const res = await router.handle(req({ path: "/reports", headers: auth() }));
    expect(res.status).toBe(200);
    const body = json(res.body);
    expect(body.count).toBe(1);
    expect(body.runs[0]).toMatchObject({ runId: RUN_ID, status: sampleReport().status });
    const refused = await router.handle(req({ path: "/reports" }));
    expect(refused.status).toBe(401);
    const post = await router.handle(req({ method: "POST", path: "/reports", headers: auth() }));
    expect(post.status).toBe(405);
  });
});

describe("router: 400", () => {
  const router = createRouter(fakeApp());

  it("rejects malformed JSON", async () => {
    const res = await router.handle(post('{"targets": ['));
    expect(res.status).toBe(400);
    const out = json(res.body);
    expect(out.error).toBe("request body is not valid JSON");
    expect(out.issues).toHaveLength(1);
  });

  it("rejects unknown keys, naming each one", async () => {
    const res = await router.handle(post(JSON.stringify({ target: ["x"], dryrun: true })));
    expect(res.status).toBe(400);
    const out = json(res.body);
    expect(out.error).toBe("invalid request body");
    expect(out.issues.map((i: { path: string }) => i.path).sort()).toEqual(["dryrun", "target"]);
    expect(out.issues[0].message).toMatch(
      /unknown key .*expected one of: targets, principals, dryRun/,
    );
  });

  it("lists every type problem at once, with paths", async () => {
    const body = JSON.stringify({ targets: "alibaba/*", principals: ["ok", ""], dryRun: "yes" });
    const out = json((await router.handle(post(body))).body);
    const paths = out.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(["dryRun", "principals[1]", "targets"]);
    for (const issue of out.issues) expect(issue.message).toEqual(expect.any(String));
  });

  it("rejects a body that is not an object, and lists over 100 items", async () => {
    expect((await router.handle(post("[1,2]"))).status).toBe(400);
    expect((await router.handle(post("null"))).status).toBe(400);
    const many = JSON.stringify({ targets: Array.from({ length: 101 }, (_, i) => `t${i}`) });
    const out = json((await router.handle(post(many))).body);
    expect(out.issues).toEqual([{ path: "targets", message: "at most 100 items" }]);
  });

  it("rejects a malformed run id before asking the store", async () => {
    const app = fakeApp({
      report: async () => {
        throw new Error("must not be called");
      },
    });
    for (const id of ["latest2", "..%2F..%2Fsecrets", "20261125T030000Z-3F9A2C"]) {
      const res = await createRouter(app).handle(req({ path: `/reports/${id}`, headers: auth() }));
      expect(res.status).toBe(400);
      expect(json(res.body).error).toMatch(/malformed run id/);
    }
  });

  it("maps a RequestError from the application to 400 with its message", async () => {
    const input = createRouter(
      fakeApp({ audit: () => Promise.reject(new RequestError('no baseline target matches "x*"')) }),
    );
    const res = await input.handle(post("{}"));
    expect(res.status).toBe(400);
    expect(json(res.body)).toEqual({ error: 'no baseline target matches "x*"' });
  });

  it("treats a broken baseline or environment as the service's fault: 500, no details", async () => {
    const issue = {
      file: "/srv/secret-path/baseline.yaml",
      line: 3,
      path: "targets[0]",
      message: "bad",
    };
    for (const error of [
      new ValidationError("invalid baseline /srv/secret-path/baseline.yaml", [issue]),
      new InputError("cannot read baseline /srv/secret-path/baseline.yaml: ENOENT"),
      new ConfigError(
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set",
      ),
    ]) {
      const res = await createRouter(fakeApp({ audit: () => Promise.reject(error) })).handle(
        post("{}"),
      );
      expect(res.status).toBe(500);
      expect(res.body).not.toContain("secret-path");
      expect(res.body).not.toContain("ALIBABA");
    }
  });
});

describe("router: 401", () => {
  const router = createRouter(fakeApp());
  const cases: [string, Record<string, string>][] = [
    ["no header", {}],
    ["wrong token", auth("wrong")],
    ["another scheme", { authorization: `Basic ${TOKEN}` }],
    ["empty bearer", { authorization: "Bearer " }],
  ];
  for (const [name, headers] of cases) {
    it(`refuses ${name} with a Bearer challenge`, async () => {
      const res = await router.handle(req({ path: "/reports/latest", headers }));
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="rmq-drift"/);
      expect(json(res.body)).toEqual({ error: "missing or invalid bearer token" });
    });
  }

  it("refuses everything but /healthz when no token hashes are configured", async () => {
    const open = createRouter(fakeApp({ tokenHashes: [] }));
    expect((await open.handle(post("{}"))).status).toBe(401);
    expect((await open.handle(req({ path: "/reports/latest", headers: auth() }))).status).toBe(401);
    expect((await open.handle(req())).status).toBe(200);
  });

  it("accepts any of several configured tokens (and ignores malformed hashes)", async () => {
    const hashes = ["not-hex", sha256(OTHER_TOKEN), sha256(TOKEN).toUpperCase(), sha256("x")];
    const multi = createRouter(fakeApp({ tokenHashes: hashes }));
    for (const token of [TOKEN, OTHER_TOKEN, "x"]) {
      const res = await multi.handle(req({ path: "/reports/latest", headers: auth(token) }));
      expect(res.status).toBe(200);
    }
    const bad = await multi.handle(req({ path: "/reports/latest", headers: auth("not-hex") }));
    expect(bad.status).toBe(401);
  });

  it("compares against every digest whichever one matches (no early exit)", () => {
    const digests = [sha256("a"), sha256("b"), sha256("c")].map((h) => Buffer.from(h, "hex"));
    for (const token of ["a", "c", "zzz"]) {
      let calls = 0;
      const counting = (x: Buffer, y: Buffer) => {
        calls += 1;
        return x.equals(y);
      };
      expect(tokenMatches(token, digests, counting)).toBe(token !== "zzz");
      expect(calls).toBe(3);
    }
  });
});

describe("router: 404 and 405", () => {
  const router = createRouter(fakeApp());

  it("answers 404 for unknown paths before checking the token", async () => {
    for (const path of ["/", "/audit/", "/reports/", "/reports/latest/x", "/admin"]) {
      const res = await router.handle(req({ path }));
      expect(res.status).toBe(404);
      expect(json(res.body)).toEqual({ error: "not found" });
    }
  });

  it("answers 404 for a run that does not exist, and for no latest report", async () => {
    const missing = await router.handle(
      req({ path: "/reports/20200101T000000Z-000000", headers: auth() }),
    );
    expect(missing.status).toBe(404);
    const empty = createRouter(fakeApp({ latestReport: async () => null }));
    expect((await empty.handle(req({ path: "/reports/latest", headers: auth() }))).status).toBe(
      404,
    );
  });

  it("answers 405 with Allow for a known path and the wrong method", async () => {
    const get = await router.handle(req({ path: "/audit" }));
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    const del = await router.handle(req({ method: "DELETE", path: "/reports/latest" }));
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe("GET");
    expect((await router.handle(req({ method: "POST", path: "/healthz" }))).headers.allow).toBe(
      "GET",
    );
  });
});

describe("router: 413", () => {
  const limit = 64 * 1024;
  // A valid body of exactly `size` bytes, so only its size decides the outcome.
  const bodyOf = (size: number) => {
    const shell = JSON.stringify({ targets: [""] });
    return JSON.stringify({ targets: ["x".repeat(size - shell.length)] });
  };

  it("accepts 64 KiB and refuses 64 KiB + 1", async () => {
    const router = createRouter(fakeApp());
    expect(Buffer.byteLength(bodyOf(limit))).toBe(limit);
    expect((await router.handle(post(bodyOf(limit)))).status).toBe(200);
    const res = await router.handle(post(bodyOf(limit + 1)));
    expect(res.status).toBe(413);
    expect(json(res.body).error).toMatch(/larger than 65536 bytes/);
  });

  it("counts bytes, not characters", async () => {
    const res = await createRouter(fakeApp()).handle(post(`{"targets":["${"é".repeat(33_000)}"]}`));
    expect(res.status).toBe(413);
  });

  it("checks the token before the size", async () => {
    const res = await createRouter(fakeApp()).handle(post(bodyOf(limit + 1), {}));
    expect(res.status).toBe(401);
  });
});

describe("router: 500", () => {
  const CANARY = "CANARY-7f3e-secret-internal-detail";

  it("hides internals, returns the request id, and logs the error under it", async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l) });
    const boom = new TypeError(`cannot read ${CANARY} of undefined`);
    const router = createRouter(fakeApp({ audit: () => Promise.reject(boom) }), { logger });
    const res = await router.handle(post("{}", auth()));
    expect(res.status).toBe(500);
    expect(json(res.body)).toEqual({ error: "internal error", requestId: "req-1" });
    expect(res.body).not.toContain(CANARY);
    expect(res.body).not.toContain("TypeError");
    expect(JSON.stringify(res.headers)).not.toContain(CANARY);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.level === "error");
    expect(logged).toMatchObject({ requestId: "req-1", error: { name: "TypeError" } });
    expect(logged.error.message).toContain(CANARY);
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("treats a non-Error throw the same way", async () => {
    const router = createRouter(fakeApp({ latestReport: () => Promise.reject(CANARY) }));
    const res = await router.handle(req({ path: "/reports/latest", headers: auth() }));
    expect(res.status).toBe(500);
    expect(res.body).not.toContain(CANARY);
  });
});
