// The run's secret registry (issue 15 item 1): values registered at the boundary are blanked from
// every later string, whole and percent-encoded; a secret seen only after an error echoed it is
// blanked from the run's stored errors by the last pass.

import { describe, expect, it } from "vitest";
import { redactErrors } from "../../shared/audit/redact-errors.ts";
import { compare } from "../../shared/drift/compare.ts";
import { ProviderError } from "../../shared/errors.ts";
import type { Snapshot } from "../../shared/providers/index.ts";
import { createSecretRegistry, REDACTED, takeSecretFields } from "../../shared/providers/redact.ts";

describe("secret registry", () => {
  it("blanks what was added later, encoded forms too, and ignores values too short to mean anything", () => {
    const secrets = createSecretRegistry(["CONFIGURED-SECRET", undefined, "abc"]);
    expect(secrets.redact("x CONFIGURED-SECRET y abc")).toBe(`x ${REDACTED} y abc`);
    secrets.add("late+pass/word=");
    expect(secrets.redact(`a late%2Bpass%2Fword%3D b late+pass/word=`)).toBe(
      `a ${REDACTED} b ${REDACTED}`,
    );
  });

  it("takes secret fields at any depth: registered, then deleted", () => {
    const secrets = createSecretRegistry();
    const data = {
      users: [{ access_key: "u1", secret_key: "SK-VALUE-1" }],
      nested: { Password: "PW-VALUE-2" },
    };
    takeSecretFields(data, /^(secret_key|password)$/i, secrets);
    expect(data).toEqual({ users: [{ access_key: "u1" }], nested: {} });
    expect(secrets.redact("SK-VALUE-1 PW-VALUE-2")).toBe(`${REDACTED} ${REDACTED}`);
  });

  it("a provider error is blanked in its message, code and request id", () => {
    const err = new ProviderError("failed: SEEN-SECRET", {
      provider: "alibaba",
      call: "GetInstance",
      httpStatus: 403,
      code: "Denied.SEEN-SECRET",
      requestId: "rid-SEEN-SECRET",
      retryable: false,
    }).redactWith(createSecretRegistry(["SEEN-SECRET"]).redact);
    const shown = { m: err.message, r: err.reason, d: err.details, s: err.stack };
    expect(JSON.stringify(shown)).not.toContain("SEEN-SECRET");
  });
});

describe("the run's last pass over stored errors", () => {
  it("blanks a secret registered after the error that echoed it, in the snapshot and the finding", () => {
    const snapshot: Snapshot = {
      schemaVersion: 1,
      collectedAt: "2026-11-25T03:00:00Z",
      targets: [
        {
          provider: "alibaba",
          region: "cn-hangzhou",
          instanceId: "rmq-cn-x",
          status: "error",
          error: {
            code: "E.LATE-PASSWORD",
            message: "echo LATE-PASSWORD",
            httpStatus: 403,
            requestId: "LATE-PASSWORD",
          },
        },
      ],
    };
    const baseline = {
      version: 1 as const,
      targets: [{ provider: "alibaba" as const, region: "cn-hangzhou", instanceId: "rmq-cn-x" }],
    };
    const result = compare(baseline, snapshot, { now: new Date("2026-11-25T03:00:00Z") });
    expect(JSON.stringify(result)).toContain("LATE-PASSWORD");
    const secrets = createSecretRegistry();
    secrets.add("LATE-PASSWORD");
    const run = redactErrors({ snapshot, result }, secrets.redact);
    expect(JSON.stringify(run)).not.toContain("LATE-PASSWORD");
    expect(run.result.findings[0]?.message).toContain(REDACTED);
  });
});
