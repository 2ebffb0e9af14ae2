import { describe, expect, it } from "vitest";
import { buildReport } from "../../shared/report/build.ts";
import { applyHistory, previousReportFrom } from "../../shared/report/history.ts";
import { type Report, ReportSchema } from "../../shared/report/schema.ts";
import { ALI, compare, finding, HW1, HW2, input, target, WAIVER } from "../support/results.ts";

const A = finding({
  target: ALI,
  principal: "a",
  field: "status",
  kind: "changed",
  severity: "medium",
});
const B = finding({
  target: ALI,
  principal: "b",
  field: "admin",
  kind: "changed",
  severity: "critical",
});
const C = finding({
  target: HW1,
  principal: "c",
  field: "principal",
  kind: "missing",
  severity: "medium",
});
const D = finding({
  target: HW1,
  principal: "d",
  field: "principal",
  kind: "unexpected",
  severity: "high",
});

function run(
  day: string,
  findings: (typeof A)[],
  previous: Report | null,
  targets = [target(ALI), target(HW1)],
): Report {
  const startedAt = `2026-11-${day}T03:00:00Z`;
  const report = buildReport(
    input({
      runId: `202611${day}T030000Z-00000${day.slice(1)}`,
      startedAt,
      finishedAt: startedAt,
      compare: compare(findings, targets),
      previous,
    }),
  );
  return ReportSchema.parse(report);
}

const state = (r: Report) =>
  Object.fromEntries(r.findings.map((f) => [f.principal, [f.state, f.firstSeenAt]]));

describe("history across runs", () => {
  it("goes new → persisting → resolved with stable ids and firstSeenAt kept", () => {
    const r1 = run("21", [A, B, C], null);
    expect(state(r1)).toEqual({
      a: ["new", "2026-11-21T03:00:00Z"],
      b: ["new", "2026-11-21T03:00:00Z"],
      c: ["new", "2026-11-21T03:00:00Z"],
    });
    expect(r1.resolved).toEqual([]);

    const r2 = run("22", [A, B, D], r1);
    expect(state(r2)).toEqual({
      a: ["persisting", "2026-11-21T03:00:00Z"],
      b: ["persisting", "2026-11-21T03:00:00Z"],
      d: ["new", "2026-11-22T03:00:00Z"],
    });
    expect(r2.resolved).toEqual([
      {
        id: C.id,
        target: HW1,
        principal: "c",
        resource: null,
        field: "principal",
        severity: "medium",
        firstSeenAt: "2026-11-21T03:00:00Z",
      },
    ]);
    expect(r2.summary).toMatchObject({ new: 1, persisting: 2, resolved: 1 });

    const r3 = run("23", [B], r2);
    expect(state(r3)).toEqual({ b: ["persisting", "2026-11-21T03:00:00Z"] });
    expect(r3.resolved.map((f) => [f.principal, f.firstSeenAt])).toEqual([
      ["a", "2026-11-21T03:00:00Z"],
      ["d", "2026-11-22T03:00:00Z"],
    ]);
  });

  it("gives waived findings history too, so a lapsed waiver shows the finding's real age", () => {
    const waived = { ...A, waiver: WAIVER };
    const r1 = run("21", [waived], null);
    const r2 = run("22", [A], r1);
    expect(r2.findings[0]).toMatchObject({
      state: "persisting",
      firstSeenAt: "2026-11-21T03:00:00Z",
      waiver: null,
    });
    expect(r1.summary).toMatchObject({ new: 0, waived: 1 });
    expect(run("23", [], r2).resolved.map((f) => f.id)).toEqual([A.id]);
  });
});

describe("unreadable targets fail closed", () => {
  const unreadable = finding({
    target: ALI,
    field: "target",
    kind: "unreadable",
    severity: "high",
  });
  const down = [target(ALI, { status: "unreadable" }), target(HW1)];

  it("never resolves a finding on a target it could not read, and carries it forward", () => {
    const r1 = run("21", [A, B, C], null);
    const r2 = run("22", [unreadable], r1, down);
    expect(r2.resolved.map((f) => f.principal)).toEqual(["c"]);
    const carried = r2.findings.filter((f) => f.kind !== "unreadable");
    expect(carried.map((f) => [f.id, f.state, f.firstSeenAt])).toEqual([
      [A.id, "persisting", "2026-11-21T03:00:00Z"],
      [B.id, "persisting", "2026-11-21T03:00:00Z"],
    ]);
    expect(carried[0]?.message).toMatch(/^Not re-checked: target unreadable this run\./);
    expect(r2.status).toBe("incomplete");

    // Two unreadable runs in a row keep one note, and the age survives until the target is read again.
    const r3 = run("23", [unreadable], r2, down);
    expect(r3.findings.find((f) => f.id === A.id)?.message).toBe(
      `Not re-checked: target unreadable this run. ${A.message}`,
    );
    const r4 = run("24", [B], r3);
    expect(state(r4)).toEqual({ b: ["persisting", "2026-11-21T03:00:00Z"] });
    expect(r4.resolved.map((f) => f.principal)).toEqual([null, "a"]);
  });

  it("drops a carried finding's waiver once it has expired", () => {
    const old = { ...A, waiver: { ...WAIVER, expires: "2026-11-21" } };
    const r1 = run("21", [old], null);
    const r2 = run("22", [unreadable], r1, down);
    expect(r2.findings.find((f) => f.id === A.id)?.waiver).toBeNull();
  });

  it("drops a carried finding's waiver once the baseline no longer has it", () => {
    const waived = { ...A, waiver: { ...WAIVER, expires: "2099-12-31" } };
    const r1 = run("21", [waived], null);
    const kept = applyHistory([unreadable], r1, "2026-11-22T03:00:00Z", {
      activeWaivers: new Set([WAIVER.id]),
    });
    expect(kept.findings.find((f) => f.id === A.id)?.waiver?.id).toBe(WAIVER.id);
    const removed = applyHistory([unreadable], r1, "2026-11-22T03:00:00Z", {
      activeWaivers: new Set(),
    });
    expect(removed.findings.find((f) => f.id === A.id)?.waiver).toBeNull();
  });

  it("carries only what the current baseline still contradicts, as judged now", () => {
    const r1 = run("21", [A, B], null);
    const h = applyHistory([unreadable], r1, "2026-11-22T03:00:00Z", {
      rejudge: (f) => (f.id === B.id ? null : { ...f, expected: "DISABLE", severity: "low" }),
    });
    const carried = h.findings.filter((f) => f.kind !== "unreadable");
    expect(carried.map((f) => [f.id, f.expected, f.severity, f.firstSeenAt])).toEqual([
      [A.id, "DISABLE", "low", "2026-11-21T03:00:00Z"],
    ]);
    // Not carried is not resolved either: the cloud was not read.
    expect(h.resolved).toEqual([]);
  });

  it("derives unreadable targets from unreadable findings when not told", () => {
    const r1 = run("21", [A, C], null);
    const h = applyHistory([unreadable], r1, "2026-11-22T03:00:00Z");
    expect(h.resolved.map((f) => f.id)).toEqual([C.id]);
    expect(h.findings.map((f) => f.id)).toContain(A.id);
  });

  it("leaves findings of targets outside the run alone (neither resolved nor carried)", () => {
    const r1 = run(
      "21",
      [
        A,
        C,
        finding({
          target: HW2,
          principal: "z",
          field: "admin",
          kind: "changed",
          severity: "critical",
        }),
      ],
      null,
    );
    const r2 = run("22", [], r1, [target(ALI), target(HW1)]);
    expect(r2.resolved.map((f) => f.principal)).toEqual(["a", "c"]);
    expect(r2.findings).toEqual([]);
  });
});

describe("previous report of another schemaVersion", () => {
  it("is no history: everything new, nothing resolved, and flagged", () => {
    const r1 = run("21", [A, C], null);
    const foreign = { ...r1, schemaVersion: 2 } as unknown as Report;
    const h = applyHistory([A], foreign, "2026-11-22T03:00:00Z");
    expect(h.previousIgnored).toBe(true);
    expect(h.resolved).toEqual([]);
    expect(h.findings[0]).toMatchObject({ state: "new", firstSeenAt: "2026-11-22T03:00:00Z" });
    expect(applyHistory([A], r1, "x").previousIgnored).toBe(false);
    expect(applyHistory([A], null, "x").previousIgnored).toBe(false);
  });

  it("previousReportFrom says why a stored report cannot serve", () => {
    const r1 = run("21", [A], null);
    expect(previousReportFrom(JSON.parse(JSON.stringify(r1)))).toEqual({
      report: r1,
      ignored: null,
    });
    expect(previousReportFrom({ ...r1, schemaVersion: 2 })).toEqual({
      report: null,
      ignored: "schemaVersion",
    });
    expect(previousReportFrom({ ...r1, status: "weird" })).toEqual({
      report: null,
      ignored: "invalid",
    });
    expect(previousReportFrom(null)).toEqual({ report: null, ignored: null });
  });
});
