import { describe, expect, it } from "vitest";
import { buildReport, withDelivery } from "../../shared/report/build.ts";
import { ReportSchema } from "../../shared/report/schema.ts";
import {
  ALI,
  compare,
  finding,
  HW1,
  HW2,
  input,
  target,
  variedReport,
  WAIVER,
} from "../support/results.ts";

describe("buildReport", () => {
  it("produces a schema-valid report whose summary is derived from its own data", () => {
    const report = ReportSchema.parse(variedReport());
    expect(report.status).toBe("incomplete");
    expect(report.summary).toEqual({
      targets: 3,
      unreadable: 1,
      principals: 16,
      entries: 89,
      findings: { critical: 2, high: 3, medium: 2, low: 2 },
      new: 8,
      persisting: 1,
      resolved: 1,
      waived: 1,
    });
    expect(report.targets.map((t) => [t.key, t.apiCalls, t.durationMs])).toEqual([
      [ALI, 4, 812],
      [HW1, 3, 1540],
      [HW2, 3, 30250],
    ]);
    expect(report.delivery).toEqual({ alerts: [] });
    expect(report.expiredWaivers.map((w) => w.id)).toEqual(["OPS-999"]);
  });

  it("excludes waived findings from counts and status", () => {
    const waived = finding({
      target: ALI,
      principal: "x",
      field: "admin",
      kind: "changed",
      severity: "critical",
      waiver: WAIVER,
    });
    const report = buildReport(input({ compare: compare([waived], [target(ALI)]) }));
    expect(report.status).toBe("clean");
    expect(report.summary).toMatchObject({
      findings: { critical: 0, high: 0, medium: 0, low: 0 },
      new: 0,
      persisting: 0,
      waived: 1,
    });
  });

  it("reads collection stats from a plain record and defaults a missing target to zero", () => {
    const report = buildReport(
      input({
        compare: compare([], [target(ALI), target(HW1)]),
        collection: { [ALI]: { apiCalls: 2, durationMs: 5 } },
      }),
    );
    expect(report.status).toBe("clean");
    expect(report.targets.map((t) => [t.apiCalls, t.durationMs])).toEqual([
      [2, 5],
      [0, 0],
    ]);
  });

  it("ignores inherited keys of a record (a target named like an Object method)", () => {
    const key = "toString";
    const report = buildReport(input({ compare: compare([], [target(key)]), collection: {} }));
    expect(report.targets[0]).toMatchObject({ apiCalls: 0, durationMs: 0 });
  });

  it("withDelivery records alerts without touching the rest", () => {
    const report = variedReport();
    const delivered = withDelivery(report, {
      alerts: [{ channel: "dingtalk", ok: true, attempts: 1 }],
    });
    expect(ReportSchema.parse(delivered).delivery.alerts).toHaveLength(1);
    expect({ ...delivered, delivery: report.delivery }).toEqual(report);
    expect(report.delivery.alerts).toEqual([]);
  });
});
