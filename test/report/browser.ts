// Headless Debian Chromium for the HTML report tests, and PDF text per page (pdf.js, pure JS).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
export const skipBrowser = process.env.RMQ_DRIFT_SKIP_BROWSER === "1";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium, or set RMQ_DRIFT_SKIP_BROWSER=1 to skip`,
    );
  }
  return chromium.launch({
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
}

export interface PdfPage {
  /** Text lines, top to bottom. */
  lines: string[];
  /** How far down the page the text reaches, 0–1 (from the page's top edge). */
  fill: number;
}

/** The text of each page of a PDF, lines in reading order, and how full each page is. */
export async function pdfPages(pdf: Uint8Array): Promise<PdfPage[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: pdf, useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.view[3] ?? 1;
    const content = await page.getTextContent();
    const lines = new Map<number, string[]>();
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const y = Math.round(item.transform[5] ?? 0);
      lines.set(y, [...(lines.get(y) ?? []), item.str]);
    }
    const ys = [...lines.keys()].sort((a, b) => b - a);
    pages.push({
      lines: ys.map((y) => (lines.get(y) ?? []).join(" ")),
      fill: ys.length ? 1 - (ys.at(-1) ?? height) / height : 0,
    });
  }
  await doc.destroy();
  return pages;
}
