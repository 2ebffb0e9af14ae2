/// <reference lib="dom" />
// The HTML report opened in real headless Chromium: counts, filters, sort, and no network at all.
import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SEVERITIES } from "../../shared/model/finding.ts";
import { formatAge } from "../../shared/report/format.ts";
import { revertText } from "../../shared/report/remediation-text.ts";
import { renderHtml } from "../../shared/report/render-html.ts";
import type { Report } from "../../shared/report/schema.ts";
import { meanTimeToResolve, trendWindow } from "../../shared/report/trend.ts";
import { variedReport } from "../support/results.ts";
import { bigReport, historyFor } from "./big-report.ts";
import { launchChromium, pdfPages, skipBrowser } from "./browser.ts";

const skip = skipBrowser;

describe.skipIf(skip)("HTML report in Chromium", () => {
  const report: Report = variedReport();
  const problems: string[] = [];
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rmq-drift-html-"));
    const file = join(dir, "report.html");
    await writeFile(file, renderHtml(report));
    const url = pathToFileURL(file).href;
    browser = await launchChromium();
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

  it("shows an unexpected principal's entries as readable lines, not JSON", async () => {
    const diff = page
      .locator('[data-testid="finding-row"]', { hasText: "<script>alert(1)</script>" })
      .getByTestId("diff");
    const text = await diff.textContent();
    expect(text).toContain("acl Topic:orders");
    expect(text).toContain("Allow Pub from any address");
    expect(text).not.toMatch(/[{}"]/);
  });

  it("shows how to fix a finding, and copies the request with one click", async () => {
    const finding = report.findings.find(
      (f) => f.principal === "test_03" && f.waiver === null && f.remediation?.revert.length,
    );
    const row = page.locator(`[data-testid="finding-row"][data-id="${finding?.id}"]`);
    await row.getByTestId("fix").locator("button[data-fix]").click();
    const pre = row.getByTestId("fix").locator("pre").first();
    await expect.poll(() => pre.isVisible()).toBe(true);
    expect(await pre.textContent()).toBe(revertText(finding?.remediation?.revert ?? []));
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await row.getByTestId("copy").first().click();
    await expect.poll(() => row.getByTestId("copy").first().textContent()).toBe("Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await pre.textContent());
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

  it("prints every unwaived finding whatever the filters, waived ones only in their own table", async () => {
    await page.getByTestId("filter-text").fill("test_03");
    await page.emulateMedia({ media: "print" });
    expect(await rows().count()).toBe(report.findings.filter((f) => f.waiver === null).length);
    expect(await page.getByTestId("filters").isVisible()).toBe(false);
    expect(await page.getByTestId("waived-table").locator("tbody tr").count()).toBe(
      report.summary.waived,
    );
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

describe.skipIf(skip)("HTML report at phone width, in print, and at 5,000 findings", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), "rmq-drift-html-layout-"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(report: Report, name: string, viewport: { width: number; height: number }) {
    const file = join(dir, name);
    const html = renderHtml(report, { history: historyFor(report, 40) });
    await writeFile(file, html);
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, html, requests };
  }

  it("at 390 px shows every finding's message and diff without horizontal scrolling", async () => {
    const report = variedReport();
    const { page } = await open(report, "phone.html", { width: 390, height: 844 });
    await page.getByTestId("filter-waived").check();
    const layout = await page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="finding-row"]'));
      const parts = rows.flatMap((row) =>
        Array.from(row.querySelectorAll('[data-testid="message"], [data-testid="diff"]')).map(
          (el) => {
            const box = el.getBoundingClientRect();
            return { left: box.left, right: box.right, overflow: el.scrollWidth - el.clientWidth };
          },
        ),
      );
      return { page: document.documentElement.scrollWidth, parts };
    });
    expect(layout.page).toBeLessThanOrEqual(390);
    expect(layout.parts).toHaveLength(report.findings.length * 2);
    for (const p of layout.parts) {
      expect(p.left).toBeGreaterThanOrEqual(0);
      expect(p.right).toBeLessThanOrEqual(390);
      expect(p.overflow).toBeLessThanOrEqual(0);
    }
    expect(await page.getByTestId("trend-chart").boundingBox()).toMatchObject({
      x: expect.any(Number),
    });
    expect((await page.getByTestId("trend-chart").boundingBox())?.width).toBeLessThanOrEqual(390);
    await page.close();
  });

  it("shows invisible characters of a hostile name escaped in the fix, the rest exact", async () => {
    const base = variedReport();
    const index = base.findings.findIndex((f) => f.remediation?.accept && f.waiver === null);
    const f = base.findings[index];
    if (!f?.remediation) throw new Error("no finding with a fix");
    const accept = `# add to targets[0].accounts\nevil\u202Egnp.exe:\n  status: ENABLE\n`;
    const report = {
      ...base,
      findings: base.findings.map((x, i) =>
        i === index && x.remediation ? { ...x, remediation: { ...x.remediation, accept } } : x,
      ),
    };
    const { page } = await open(report, "hostile.html", { width: 1200, height: 900 });
    const row = page.locator(`[data-testid="finding-row"][data-id="${f.id}"]`);
    await row.locator("button[data-fix]").click();
    const text = await row.locator("pre").last().textContent();
    expect(text).toBe("# add to targets[0].accounts\nevil\\u202Egnp.exe:\n  status: ENABLE");
    await page.close();
  });

  it("charts the last 30 runs by severity with the mean time to resolve", async () => {
    const report = variedReport();
    const { page } = await open(report, "trend.html", { width: 1200, height: 900 });
    const bars = page.getByTestId("trend-bar");
    expect(await bars.count()).toBe(30);
    expect(await bars.last().getAttribute("data-run")).toBe(report.runId);
    const total = SEVERITIES.reduce((n, s) => n + report.summary.findings[s], 0);
    expect(await bars.last().getAttribute("data-total")).toBe(String(total));
    const mttr = meanTimeToResolve(trendWindow(historyFor(report, 40)));
    expect(await page.getByTestId("mttr").textContent()).toBe(formatAge(mttr?.meanMs ?? 0));
    await page.close();
  });

  it("prints on A4 with a full table header on every page, waived rows out, no broken names", async () => {
    const report = bigReport(300);
    const { page } = await open(report, "print.html", { width: 1200, height: 900 });
    await page.emulateMedia({ media: "print" });
    // Identifiers wrap only after a separator, never inside a name part.
    const badBreaks = await page.evaluate(() => {
      const bad: string[] = [];
      const cells = Array.from(document.querySelectorAll("table.findings tbody tr")).slice(0, 40);
      for (const el of cells.flatMap((r) => Array.from(r.querySelectorAll(".mono")))) {
        const text = el.textContent ?? "";
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let lastTop: number | null = null;
        let prev = "";
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < (node.textContent ?? "").length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const top: number | null = range.getClientRects()[0]?.top ?? lastTop;
            if (lastTop !== null && top !== null && top > lastTop + 2 && !/[/:._\-\s]/.test(prev))
              bad.push(`${text} after "${prev}"`);
            lastTop = top;
            prev = node.textContent?.[i] ?? "";
          }
        }
      }
      return bad;
    });
    expect(badBreaks).toEqual([]);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = await pdfPages(new Uint8Array(pdf));
    const lines = pages.map((p) => p.lines);
    expect(pages.length).toBeGreaterThan(3);
    const header = ["SEVERITY", "STATE", "TARGET", "PRINCIPAL", "RESOURCE", "FIELD", "FIRST"];
    // Finding messages appear only in the findings table (the waived table shows no messages).
    const tablePages = lines.filter((l) =>
      l.some((x) => x.includes("Alibaba account svc-payments")),
    );
    // pdf.js returns the "fi" ligature as "fi " in some lines.
    const waivedAt = lines.findIndex((l) => l.some((x) => /^Waived fi ?ndings/.test(x)));
    expect(tablePages.length).toBeGreaterThan(2);
    // Every page of the findings table starts with the full header row (page 2 included).
    for (const l of tablePages) {
      const top = l.slice(0, 3).join(" ");
      for (const h of header) expect(top, `header ${h}`).toContain(h);
    }
    const page2Header = lines[1]?.find((l) => header.every((h) => l.includes(h)));
    expect(page2Header, "full table header on page 2").toBeDefined();
    // The Findings heading is never left alone at the foot of a page: the table starts with it.
    const heading = lines.findIndex((l) => l.some((x) => x.startsWith("Findings")));
    expect(lines[heading]?.some((l) => header.every((h) => l.includes(h)))).toBe(true);
    // Waived rows (every 10th account) stay out of the findings table: only their own table has them.
    expect(lines.flat().filter((l) => l.includes("waived OPS-77"))).toEqual([]);
    expect(lines.slice(waivedAt).flat().join(" ")).toContain("svc-payments-ledger-00010");
    // No half-empty pages: every page but the last is filled at least 60% of the way down.
    for (const [n, p] of pages.slice(0, -1).entries())
      expect(p.fill, `page ${n + 1}`).toBeGreaterThan(0.6);
    await page.close();
  });

  it("stays self-contained and quick with 5,000 findings (size and first paint measured)", {
    timeout: 120_000,
  }, async () => {
    const report = bigReport(5000);
    const { page, html, requests } = await open(report, "big.html", { width: 1400, height: 1000 });
    const fcp = await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    );
    const rows = await page.getByTestId("finding-row").count();
    const bytes = Buffer.byteLength(html);
    console.info(
      `5,000-finding report: ${(bytes / 1024 / 1024).toFixed(1)} MiB, first contentful paint ${fcp?.toFixed(0)} ms`,
    );
    expect(requests).toEqual([]);
    expect(rows).toBe(5000);
    expect(fcp).not.toBeNull();
    // Generous ceilings: the figures above are what to watch; these catch a runaway regression.
    expect(bytes).toBeLessThan(30 * 1024 * 1024);
    expect(fcp ?? Number.POSITIVE_INFINITY).toBeLessThan(20_000);
    await page.close();
  });
});
