// Issue 15 item 5: cloud-side names cannot drive a terminal or a Markdown report, and a look-alike
// of a baseline name is called out in its finding.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lookalikeNote, skeleton } from "../../shared/drift/confusable.ts";
import { visible } from "../../shared/report/visible.ts";
import { cli } from "../cli/helpers.ts";

/** Anything a terminal or a Markdown viewer would act on, or not show (the output's own newlines aside). */
const RAW = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

describe("visible", () => {
  it("turns control, bidi, zero-width and separator characters into visible escapes", () => {
    expect(visible("a\u001b[2Jb")).toBe("a\\u001B[2Jb");
    expect(visible("x\ny\r\tz")).toBe("x\\ny\\r\\tz");
    expect(visible("invoice\u202Efdp.exe")).toBe("invoice\\u202Efdp.exe");
    expect(visible("app\u200B-orders\uFEFF")).toBe("app\\u200B-orders\\uFEFF");
    expect(visible("no\u00A0break \u2028 tag\u{E0041}")).toBe(
      "no\\u00A0break \\u2028 tag\\u{E0041}",
    );
    expect(visible("\u0085\u009B")).toBe("\\u0085\\u009B");
  });

  it("keeps ordinary text as it is, and doubles a backslash so an escape is never forged", () => {
    expect(visible("app-orders Topic:订单 ümlaut")).toBe("app-orders Topic:订单 ümlaut");
    expect(visible("a\\u202Eb")).toBe("a\\\\u202Eb");
  });
});

describe("confusable names", () => {
  it("Cyrillic and Greek look-alikes, invisible characters and NFKC forms share a skeleton", () => {
    for (const alike of [
      "аpp-orders",
      "app-οrders",
      "app\u200B-orders",
      "ａｐｐ-orders",
      "app-rders",
    ]) {
      expect(skeleton(alike) === skeleton("app-orders"), alike).toBe(alike !== "app-rders");
    }
    expect(skeleton("app-Iogs")).toBe(skeleton("app-logs"));
    expect(skeleton("App-orders")).not.toBe(skeleton("app-orders"));
  });

  it("names the baseline twin and the characters that make the look-alike", () => {
    const note = lookalikeNote(["app-orders", "app-billing"]);
    expect(note("аpp-orders")).toContain('confusable with the baseline\'s "app-orders"');
    expect(note("аpp-orders")).toContain("U+0430");
    expect(note("app-orders")).toBe("");
    expect(note("app-unrelated")).toBe("");
  });
});

describe("hostile names end to end (offline audit)", () => {
  const HOSTILE = [
    "evil\u001b[2J\u001b[32mstatus: CLEAN",
    "line\nFAKE finding: none",
    "admin\u202Egnp.exe",
    "app\u200B-orders",
    "аpp-orders",
  ];

  it("the CLI summary and report.md show escapes, and the look-alikes are called out", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rmq-drift-hostile-"));
    try {
      const snapshot = JSON.parse(await readFile("test/audit/fixtures/demo-snapshot.json", "utf8"));
      for (const username of HOSTILE) {
        snapshot.targets[0].accounts.push({
          username,
          status: "ENABLE",
          accountType: "CUSTOMER",
          acls: [],
        });
      }
      const path = join(dir, "snapshot.json");
      await writeFile(path, JSON.stringify(snapshot));
      const out = join(dir, "reports");
      const args = ["audit", "--baseline", "policies/demo.yaml", "--snapshot", path, "--out", out];
      const run = await cli([...args, "--no-alerts"]);
      expect(run.code).toBe(3);
      const md = await findFile(out, "report.md");
      for (const text of [run.stdout, md]) {
        expect(text).not.toMatch(RAW);
        expect(text).toContain("u202Egnp.exe");
        expect(text).toContain("u001B");
      }
      expect(run.stdout).toContain("app\\u200B-orders");
      const report = JSON.parse(await findFile(out, "report.json"));
      const messages = report.findings.map((f: { message: string }) => f.message).join("\n");
      expect(messages).toContain(
        'аpp-orders (ENABLE, 0 ACL entries) exists in the cloud but not in the baseline. Its name is confusable with the baseline\'s "app-orders" (look-alike or invisible characters: U+0430)',
      );
      expect(messages).toContain("U+200B");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function findFile(dir: string, name: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hit = entries.find((e) => e.isFile() && e.name === name);
  if (!hit) throw new Error(`${name} not found under ${dir}`);
  return readFile(join(hit.parentPath, hit.name), "utf8");
}
