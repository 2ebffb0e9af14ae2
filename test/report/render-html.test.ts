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

  it("lists a fan-out run's shards, saying which never arrived; a one-function run has no such section", () => {
    expect(html).not.toContain('id="shards"');
    const sharded = renderHtml({
      ...report,
      shards: [
        { n: 0, targets: 3, status: "ok", durationMs: 1250 },
        { n: 1, targets: 2, status: "missing", durationMs: null },
      ],
    });
    const section = /<section id="shards"[\s\S]*?<\/section>/.exec(sharded)?.[0] ?? "";
    expect(section).toContain('<span class="count">2</span>');
    expect(section).toContain("1 shard(s) never arrived");
    expect(section).toContain("ShardTimeout");
    const rows = [...section.matchAll(/<tr><td>(\d+)<\/td><td>(\d+)<\/td><td>.*?>(ok|missing)</g)];
    expect(rows.map((m) => [m[1], m[2], m[3]])).toEqual([
      ["0", "3", "ok"],
      ["1", "2", "missing"],
    ]);
  });
});
