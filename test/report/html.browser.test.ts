// The HTML report opened in real headless Chromium: counts, filters, sort, and no network at all.
import { existsSync } from "node:fs";
import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SEVERITIES } from "../../shared/model/finding.ts";
import { renderHtml } from "../../shared/report/render-html.ts";
import type { Report } from "../../shared/report/schema.ts";
import { variedReport } from "../support/results.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = process.env.RMQ_DRIFT_SKIP_BROWSER === "1";

describe.skipIf(skip)("HTML report in Chromium", () => {
  const report: Report = variedReport();
  const problems: string[] = [];
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: install Debian's chromium, or set RMQ_DRIFT_SKIP_BROWSER=1 to skip`,
      );
    }
    dir = await mkdtemp(join(tmpdir(), "rmq-drift-html-"));
    const file = join(dir, "report.html");
    await writeFile(file, renderHtml(report));
    const url = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning")
        problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => {
      if (r.url() !== url) problems.push(`request: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: "load" });
  });

  // Checked after every step, so the step that caused a request or an error is the one that fails.
  afterEach(() => {
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const rows = () => page.locator('[data-testid="finding-row"]:visible');
  const text = async (testid: string) =>
    ((await page.getByTestId(testid).textContent()) ?? "").trim();

  it("shows the counts of the embedded JSON, and they agree with the rows", async () => {
    // A few round trips for everything shown, rather than one per number.
    const pairs = (selector: string, attr: string | null) =>
      page
        .locator(selector)
        .evaluateAll(
          (els, a) =>
            els.map((e) => [
              e.getAttribute("data-testid") ?? "",
              a ? (e.getAttribute(a) ?? "") : (e.textContent ?? "").trim(),
            ]),
          attr,
        );
    const counts = Object.fromEntries([
      ...(await pairs("[data-testid^='count-']", null)),
      ...(await pairs("[data-testid^='chart-bar-']", "data-count")),
    ]);
    const rows = await page
      .getByTestId("finding-row")
      .evaluateAll((els) =>
        els.map((r) => [r.getAttribute("data-severity"), r.getAttribute("data-waived")]),
      );
    const shown = {
      counts,
      rows,
      json: (await page.getByTestId("report-data").textContent()) ?? "",
    };
    const data = JSON.parse(shown.json) as Report;
    expect(data).toEqual(report);
    const s = data.summary;
    const expected: Record<string, number> = {
      "count-total": SEVERITIES.reduce((n, sev) => n + s.findings[sev], 0),
      "count-new": s.new,
      "count-persisting": s.persisting,
      "count-resolved": s.resolved,
      "count-waived": s.waived,
      "count-targets": s.targets,
      "count-unreadable": s.unreadable,
      "count-expired-waivers": data.expiredWaivers.length,
    };
    for (const sev of SEVERITIES) {
      expected[`count-${sev}`] = s.findings[sev];
      expected[`chart-bar-${sev}`] = s.findings[sev];
      const rows = shown.rows.filter(([rowSev, w]) => rowSev === sev && w === "false").length;
      expect(rows, `${sev} rows`).toBe(s.findings[sev]);
    }
    expect(shown.rows.filter(([, w]) => w === "true")).toHaveLength(s.waived);
    expect(shown.counts).toEqual(
      Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)])),
    );
    expect(await text("status")).toBe("INCOMPLETE");
  });

  it("hides waived findings until asked, and counts what is visible", async () => {
    const unwaived = report.findings.filter((f) => f.waiver === null).length;
    expect(await rows().count()).toBe(unwaived);
    expect(await text("visible-count")).toBe(String(unwaived));
    await page.getByTestId("filter-waived").check();
    expect(await rows().count()).toBe(report.findings.length);
    await page.getByTestId("filter-waived").uncheck();
  });

  it("filters by severity and by text", async () => {
    for (const sev of ["high", "medium", "low"] as const)
      await page.getByTestId(`filter-severity-${sev}`).uncheck();
    expect(await rows().count()).toBe(report.summary.findings.critical);
    expect(
      await rows().evaluateAll((els) => els.map((e) => e.getAttribute("data-severity"))),
    ).toEqual(["critical", "critical"]);
    for (const sev of ["high", "medium", "low"] as const)
      await page.getByTestId(`filter-severity-${sev}`).check();

    await page.getByTestId("filter-text").fill("TEST_03");
    expect(await rows().count()).toBe(2);
    expect(await text("visible-count")).toBe("2");
    await page.getByTestId("filter-text").fill("no such thing");
    expect(await rows().count()).toBe(0);
    await expect.poll(() => page.getByTestId("no-match").isVisible()).toBe(true);
    await page.getByTestId("filter-text").fill("");
    expect(await page.getByTestId("no-match").isVisible()).toBe(false);
  });

  it("renders a <script> principal as text", async () => {
    const cells = await page.getByTestId("cell-principal").allInnerTexts();
    expect(cells).toContain("<script>alert(1)</script>");
  });

  it("sorts by a column, both ways", async () => {
    const principals = () =>
      rows().evaluateAll((els) =>
        els.map((e) => e.querySelector('[data-testid="cell-principal"]')?.textContent ?? ""),
      );
    await page.getByTestId("sort-principal").click();
    const asc = await principals();
    expect(asc).toEqual([...asc].sort());
    expect(
      await page
        .locator("th", { has: page.getByTestId("sort-principal") })
        .getAttribute("aria-sort"),
    ).toBe("ascending");
    await page.getByTestId("sort-principal").click();
    expect(await principals()).toEqual([...asc].reverse());

    await page.getByTestId("sort-severity").click();
    await page.getByTestId("sort-severity").click();
    const severities = await rows().evaluateAll((els) =>
      els.map((e) => e.getAttribute("data-severity")),
    );
    const rank = (s: string | null) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
    expect(severities.map(rank)).toEqual([...severities.map(rank)].sort((a, b) => a - b));
  });

  it("prints everything: waived rows too, without the filter controls", async () => {
    await page.getByTestId("filter-text").fill("test_03");
    await page.emulateMedia({ media: "print" });
    expect(await rows().count()).toBe(report.findings.length);
    expect(await page.getByTestId("filters").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    await page.getByTestId("filter-text").fill("");
  });

  it("takes a screenshot", async () => {
    const png = join(dir, "report.png");
    await page.screenshot({ path: png, fullPage: true });
    expect((await stat(png)).size).toBeGreaterThan(10_000);
    if (process.env.RMQ_DRIFT_SCREENSHOT)
      await page.screenshot({ path: process.env.RMQ_DRIFT_SCREENSHOT, fullPage: true });
  });
});
