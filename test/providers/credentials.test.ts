// Temporary credentials for one run: obtained once for all targets, renewed shortly before they
// expire, a refusal remembered for the run; budgets shared by every run against one account.
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/errors.ts";
import { sharedRequestBudget } from "../../shared/net/limit.ts";
import {
  credentialFailure,
  liveCredentials,
  RENEW_MARGIN_MS,
  temporarySource,
} from "../../shared/providers/credentials.ts";
import { createSecretRegistry } from "../../shared/providers/redact.ts";

function source(issue: () => Promise<{ key: string }>, clock: { now: number }) {
  const secrets = createSecretRegistry();
  let n = 0;
  const made = temporarySource({
    account: "account:1",
    issue: async () => {
      n++;
      const credentials = await issue();
      return { credentials, expiresAt: new Date(clock.now + 15 * 60_000) };
    },
    secretsOf: (c) => [c.key],
    secrets,
    now: () => new Date(clock.now),
  });
  return { made, secrets, calls: () => n };
}

const refused = () =>
  new ProviderError("AssumeRole failed: The role not exists", {
    provider: "alibaba",
    call: "AssumeRole",
    httpStatus: 404,
    code: "EntityNotExist.Role",
    requestId: "REQ-1",
    retryable: false,
  });

describe("temporary credentials", () => {
  it("are issued once for concurrent targets, and renewed only near expiry", async () => {
    const clock = { now: 1_000_000 };
    let serial = 0;
    const { made, secrets, calls } = source(
      async () => ({ key: `temp-secret-${++serial}` }),
      clock,
    );
    await Promise.all([made.fresh(), made.fresh(), made.fresh()]);
    expect(calls()).toBe(1);
    const live = liveCredentials(made);
    expect(live.key).toBe("temp-secret-1");
    clock.now += 15 * 60_000 - RENEW_MARGIN_MS - 1;
    await made.fresh();
    expect(calls()).toBe(1);
    clock.now += 2;
    await made.fresh();
    expect(calls()).toBe(2);
    // The same object shows the renewed keys, and both generations stay redacted.
    expect(live.key).toBe("temp-secret-2");
    expect(secrets.redact("a temp-secret-1 b temp-secret-2")).toBe("a <redacted> b <redacted>");
  });

  it("remember a refusal for the run: one STS call, every target gets its code and request id", async () => {
    const { made, calls } = source(async () => Promise.reject(refused()), { now: 0 });
    const errors = await Promise.all(
      [1, 2, 3].map(() =>
        made.fresh().then(
          () => null,
          (err: unknown) => err,
        ),
      ),
    );
    await expect(made.fresh()).rejects.toBeInstanceOf(ProviderError);
    expect(calls()).toBe(1);
    expect(credentialFailure(errors[2], "ali-prod")).toEqual({
      code: "EntityNotExist.Role",
      message: "credentials profile ali-prod: AssumeRole failed: The role not exists",
      httpStatus: 404,
      call: "AssumeRole",
      requestId: "REQ-1",
    });
  });

  it("are not used before they were issued", () => {
    const { made } = source(async () => ({ key: "k" }), { now: 0 });
    expect(() => made.current()).toThrow(/before they were issued/);
    expect(liveCredentials(made).key).toBeUndefined();
  });
});

describe("request budgets per cloud account", () => {
  it("are one per account and rates for the whole process", () => {
    const options = { qps: 5, concurrency: 4 };
    const a = sharedRequestBudget("alibaba:account:1", options);
    expect(sharedRequestBudget("alibaba:account:1", options)).toBe(a);
    expect(sharedRequestBudget("alibaba:account:2", options)).not.toBe(a);
  });
});
