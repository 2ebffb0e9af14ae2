import { describe, expect, it } from "vitest";
import { renderHtml } from "../../shared/report/render-html.ts";
import { variedReport } from "../support/results.ts";

describe("renderHtml", () => {
  const report = variedReport();
  const html = renderHtml(report);

  it("renders a cloud-supplied <script> principal as text, everywhere", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)");
    // Only our own two script elements exist.
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  it("embeds the report JSON so it cannot end its own script block", () => {
    const m = /<script type="application\/json" id="report-data"[^>]*>([\s\S]*?)<\/script>/.exec(
      html,
    );
    expect(m?.[1]).toBeDefined();
    expect(m?.[1]).not.toContain("<");
    expect(JSON.parse(m?.[1] ?? "")).toEqual(report);
  });

  it("is self-contained under a strict CSP", () => {
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html).not.toMatch(/\b(src|href)="(?!#|data:)/);
    expect(html).not.toMatch(/https?:\/\/|@import|url\(/);
  });

  it("renders one row per finding and the summary counts", () => {
    expect(html.match(/data-testid="finding-row"/g)).toHaveLength(report.findings.length);
    expect(html).toContain(`data-testid="count-critical">${report.summary.findings.critical}<`);
    expect(html).toContain(`data-testid="status">INCOMPLETE<`);
  });
});
