import { describe, expect, it } from "vitest";
import { decideAlert } from "../../../shared/sinks/alerts/decide.ts";
import { formatAlert } from "../../../shared/sinks/alerts/message.ts";
import { makeFinding, makeReport, makeTarget, makeWaiver, runAt } from "../../support/reports.ts";

const persisting = <T extends { state: string }>(f: T) => ({ ...f, state: "persisting" as const });

describe("decideAlert", () => {
  it("alerts on a first run's new finding at or above the threshold", () => {
    const decision = decideAlert(makeReport(), null, "high");
    expect(decision?.findings.map((f) => f.id)).toEqual(["f-ip"]);
    expect(decision?.unreadable).toEqual([]);
  });

  it("sends nothing for an unchanged second run", () => {
    const first = makeReport(runAt(3));
    const second = makeReport({ ...runAt(4), findings: first.findings.map(persisting) });
    expect(decideAlert(second, first, "low")).toBeNull();
  });

  it("sends nothing for a new finding below the threshold, or a waived one", () => {
    const low = makeReport({ findings: [makeFinding({ severity: "medium" })] });
    expect(decideAlert(low, null, "high")).toBeNull();
    const waiver = { id: "OPS-1", reason: "ok", owner: null, expires: "2027-01-31" };
    const waived = makeReport({ findings: [makeFinding({ waiver })] });
    expect(decideAlert(waived, null, "low")).toBeNull();
  });

  it("alerts once for a waiver that expired this run", () => {
    const first = makeReport({ ...runAt(3), findings: [] });
    const expired = [makeWaiver()];
    const second = makeReport({ ...runAt(4), findings: [], expiredWaivers: expired });
    const third = makeReport({ ...runAt(5), findings: [], expiredWaivers: expired });
    expect(decideAlert(second, first, "high")?.expiredWaivers).toEqual(expired);
    expect(decideAlert(third, second, "high")).toBeNull();
  });

  it("alerts for unreadable targets on every run, whatever the threshold", () => {
    const error = { code: "DMS.00404022", message: "instance does not exist", httpStatus: 404 };
    const target = makeTarget({ key: "huawei/cn-north-4/2222", status: "unreadable", error });
    const unreadable = makeFinding({
      id: "u",
      target: target.key,
      principal: null,
      resource: null,
      field: "target",
      kind: "unreadable",
      direction: null,
      severity: "high",
    });
    const first = makeReport({
      ...runAt(3),
      status: "incomplete",
      targets: [target],
      findings: [unreadable],
    });
    const second = makeReport({
      ...runAt(4),
      status: "incomplete",
      targets: [target],
      findings: [persisting(unreadable)],
    });
    for (const [report, previous] of [
      [first, null],
      [second, first],
    ] as const) {
      const decision = decideAlert(report, previous, "critical");
      expect(decision?.unreadable).toEqual([
        {
          target: target.key,
          name: null,
          code: "DMS.00404022",
          message: "instance does not exist",
        },
      ]);
      expect(decision?.findings).toEqual([]);
    }
  });

  it("alerts when a previously waived finding loses its waiver", () => {
    const waiver = { id: "OPS-1", reason: "ok", owner: null, expires: "2027-01-31" };
    const first = makeReport({ ...runAt(3), findings: [makeFinding({ waiver })] });
    const second = makeReport({ ...runAt(4), findings: [makeFinding({ state: "persisting" })] });
    expect(decideAlert(second, first, "high")?.findings.map((f) => f.id)).toEqual(["f-ip"]);
  });

  it("orders by severity and shows the top 10 with a count of the rest", () => {
    const severities = ["low", "critical", "medium", "high"] as const;
    const findings = Array.from({ length: 14 }, (_, i) =>
      makeFinding({
        id: `f${i}`,
        principal: `p${String(i).padStart(2, "0")}`,
        severity: severities[i % 4],
      }),
    );
    const decision = decideAlert(makeReport({ findings }), null, "low");
    const message = formatAlert(decision!, { reportUrl: "https://reports.example/r.html" });
    expect(message.alertingCount).toBe(14);
    expect(message.findings).toHaveLength(10);
    expect(message.findings.map((f) => f.severity)).toEqual([
      ...Array(4).fill("critical"),
      ...Array(3).fill("high"),
      ...Array(3).fill("medium"),
    ]);
    expect(message.findings.slice(0, 4).map((f) => f.principal)).toEqual([
      "p01",
      "p05",
      "p09",
      "p13",
    ]);
    expect(message.title).toBe("rmq-drift DRIFT: 14 new findings");
    expect(message.text).toContain("… and 4 more in the report");
    expect(message.text.trimEnd().split("\n").at(-1)).toBe(
      "Report: https://reports.example/r.html",
    );
  });
});
