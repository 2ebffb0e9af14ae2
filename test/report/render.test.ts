import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError, ValidationError } from "../../shared/errors.ts";
import { renderReport, renderReportFile } from "../../shared/report/render.ts";
import { variedReport } from "../support/results.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-report-"));
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("renderReportFile", () => {
  it("renders a stored report in each format", async () => {
    const report = variedReport();
    const path = await file("report.json", renderReport(report, "json"));
    expect(JSON.parse(await renderReportFile(path, "json"))).toEqual(report);
    expect(await renderReportFile(path, "md")).toContain("# RocketMQ permission drift");
    expect(await renderReportFile(path, "html")).toMatch(/^<!doctype html>/);
  });

  it("names the file and the first problems of an invalid report", async () => {
    const bad = { ...variedReport(), status: "weird", runId: "x" };
    const path = await file("bad.json", JSON.stringify(bad));
    const error = await renderReportFile(path, "md").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toContain(`invalid report ${path}`);
    expect(message).toMatch(/runId/);
    expect(message).toMatch(/status/);
  });

  it("caps the issue list", async () => {
    const bad = { ...variedReport(), findings: Array.from({ length: 20 }, () => ({})) };
    const error = (await renderReportFile(await file("many.json", JSON.stringify(bad)), "md").catch(
      (e) => e,
    )) as ValidationError;
    expect(error.issues).toHaveLength(11);
    expect(error.issues[10]?.message).toMatch(/more problem/);
  });

  it("reports a file that is not JSON, or missing, as an input error", async () => {
    const notJson = await file("nope.json", "{ not json");
    await expect(renderReportFile(notJson, "html")).rejects.toThrow(ValidationError);
    await expect(renderReportFile(join(dir, "absent.json"), "html")).rejects.toThrow(InputError);
    await expect(renderReportFile(join(dir, "absent.json"), "html")).rejects.toThrow(/ENOENT/);
  });
});
