import { describe, expect, it } from "vitest";
import { InputError } from "../../shared/errors.ts";
import { isRunId, newRunId, runPrefixFromId } from "../../shared/report/run-id.ts";
import { ReportSchema } from "../../shared/report/schema.ts";

describe("newRunId", () => {
  it("is the UTC start second plus six hex digits", () => {
    const id = newRunId(new Date("2026-11-25T11:00:00.789+08:00"), () => 0x3f9a2c / 0x1000000);
    expect(id).toBe("20261125T030000Z-3f9a2c");
  });

  it("pads the random suffix and never overflows it", () => {
    expect(newRunId(new Date("2026-01-02T03:04:05Z"), () => 0)).toBe("20260102T030405Z-000000");
    expect(newRunId(new Date("2026-01-02T03:04:05Z"), () => 0.9999999999)).toBe(
      "20260102T030405Z-ffffff",
    );
  });

  it("uses a cryptographic source by default and matches the report schema's pattern", () => {
    const a = newRunId(new Date());
    const b = newRunId(new Date());
    expect(isRunId(a)).toBe(true);
    expect(ReportSchema.shape.runId.safeParse(a).success).toBe(true);
    expect(a === b).toBe(false);
  });

  it("rejects an invalid date or a bad random source", () => {
    expect(() => newRunId(new Date("nope"))).toThrow(RangeError);
    expect(() => newRunId(new Date(), () => 1)).toThrow(RangeError);
  });
});

describe("runPrefixFromId", () => {
  it("derives the §7 run folder from the id", () => {
    expect(runPrefixFromId("20261125T030000Z-3f9a2c")).toBe(
      "runs/2026/11/25/20261125T030000Z-3f9a2c",
    );
  });

  it("round-trips with newRunId", () => {
    const id = newRunId(new Date("2027-02-28T23:59:59Z"));
    expect(runPrefixFromId(id)).toBe(`runs/2027/02/28/${id}`);
  });

  it.each(["../../etc/passwd", "20261125T030000Z-3F9A2C", "20261125T030000Z-3f9a2c/x", ""])(
    "refuses %j, which could otherwise reach a storage key",
    (bad) => {
      expect(() => runPrefixFromId(bad)).toThrow(InputError);
    },
  );
});
