import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { escapeMd, renderMarkdown } from "../../shared/report/render-md.ts";
import { variedReport } from "../support/results.ts";

const GOLDEN = new URL("./golden/report.md", import.meta.url);

describe("renderMarkdown", () => {
  it("matches the golden file (refresh with UPDATE_GOLDEN=1)", async () => {
    const md = renderMarkdown(variedReport(), {
      reportUrl: "https://reports.example.com/runs/2026/11/25/20261125T030000Z-3f9a2c/report.html",
    });
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(GOLDEN, md);
    expect(md).toBe(await readFile(GOLDEN, "utf8"));
  });

  it("keeps data from breaking table cells, code spans or HTML", () => {
    // A newline in data shows as the escape `\n` (rendered from `\\n`): it cannot forge a line.
    expect(escapeMd("a|b`c`\nd<script>&_*[x]")).toBe(
      "a\\|b\\`c\\`\\\\nd&lt;script&gt;&amp;\\_\\*\\[x\\]",
    );
    const md = renderMarkdown(variedReport());
    // Code blocks are literal in Markdown (never HTML), and a copied fragment must keep the real name.
    const fenced = /^(`{3,})[a-z]*\n[\s\S]*?\n\1$/gm;
    expect(md.replace(fenced, "")).not.toContain("<script>");
    expect(md.match(fenced)?.some((block) => block.includes("<script>alert(1)</script>:"))).toBe(
      true,
    );
    expect(md).toContain("pipe\\|and\\`tick\\`");
    expect(md).toContain("ACL entry missing\\\\nsecond line");
    for (const line of md.split("\n").filter((l) => l.startsWith("| "))) {
      expect(line.endsWith(" |")).toBe(true);
    }
  });

  it("says so when there is nothing to report", () => {
    const clean = {
      ...variedReport(),
      status: "clean" as const,
      findings: [],
      resolved: [],
      expiredWaivers: [],
    };
    const md = renderMarkdown(clean);
    expect(md).toContain("🟢 **CLEAN**");
    expect(md).toContain("No unwaived findings.");
    expect(md).not.toContain("Full report");
  });
});
