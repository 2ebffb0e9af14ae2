// The HTML report's trend: unwaived findings by severity over the last runs (`index.json`) as an
// inline SVG of stacked bars, and the mean time to resolve over the same runs.
import { SEVERITIES } from "../model/finding.ts";
import { formatAge, formatTime, SEVERITY_LABEL, totalOf } from "./format.ts";
import { esc, SEVERITY_COLOR } from "./html-parts.ts";
import type { RunIndexEntry } from "./schema.ts";
import { meanTimeToResolve, TREND_RUNS, trendWindow } from "./trend.ts";

const W = 640;
const H = 180;
const PAD_L = 36;
const PAD_B = 22;

export function trendSection(history: readonly RunIndexEntry[] | undefined): string {
  if (!history || history.length === 0) {
    return `<section id="trend" aria-labelledby="trend-h"><h2 id="trend-h">Trend</h2><p class="empty">No run history in this store yet (index.json).</p></section>`;
  }
  const runs = trendWindow(history, TREND_RUNS);
  const mttr = meanTimeToResolve(runs);
  const mttrText = mttr
    ? `<strong data-testid="mttr">${esc(formatAge(mttr.meanMs))}</strong> mean time to resolve (${mttr.count} finding${mttr.count === 1 ? "" : "s"} resolved over these runs)`
    : `<strong data-testid="mttr">—</strong> mean time to resolve (nothing resolved over these runs)`;
  return `<section id="trend" aria-labelledby="trend-h"><h2 id="trend-h">Trend <span class="count">last ${runs.length} run${runs.length === 1 ? "" : "s"}</span></h2>
<figure class="card trend-card"><figcaption>Unwaived findings by severity per run</figcaption>${chart(runs)}
<p class="legend">${SEVERITIES.map((s) => `<span><span class="swatch" style="background:${SEVERITY_COLOR[s]}"></span>${SEVERITY_LABEL[s]}</span>`).join(" ")}</p>
<p>${mttrText}</p></figure></section>`;
}

function chart(runs: readonly RunIndexEntry[]): string {
  const max = Math.max(1, ...runs.map((r) => totalOf(r.summary.findings)));
  const plotW = W - PAD_L;
  const plotH = H - PAD_B;
  const slot = plotW / runs.length;
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const bars = runs.map((r, i) => {
    let y = plotH;
    const x = PAD_L + i * slot + (slot - barW) / 2;
    const parts = [...SEVERITIES].reverse().map((s) => {
      const h = (r.summary.findings[s] / max) * (plotH - 8);
      y -= h;
      return h > 0
        ? `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${SEVERITY_COLOR[s]}"/>`
        : "";
    });
    const tip = `${r.runId} (${formatTime(r.finishedAt)}): ${SEVERITIES.map((s) => `${r.summary.findings[s]} ${s}`).join(", ")}`;
    return `<g data-testid="trend-bar" data-run="${esc(r.runId)}" data-total="${totalOf(r.summary.findings)}"><title>${esc(tip)}</title>${parts.join("")}</g>`;
  });
  const axis = `<line x1="${PAD_L}" y1="${plotH}" x2="${W}" y2="${plotH}" class="axis"/><text x="${PAD_L - 6}" y="12" text-anchor="end" class="chart-label">${max}</text><text x="${PAD_L - 6}" y="${plotH}" text-anchor="end" class="chart-label">0</text>`;
  const first = runs[0];
  const last = runs.at(-1);
  const dates = `<text x="${PAD_L}" y="${H - 4}" class="chart-label">${esc(first ? formatTime(first.finishedAt).slice(0, 10) : "")}</text><text x="${W}" y="${H - 4}" text-anchor="end" class="chart-label">${esc(last ? formatTime(last.finishedAt).slice(0, 10) : "")}</text>`;
  const desc = `Unwaived findings per run, oldest to newest: ${runs.map((r) => totalOf(r.summary.findings)).join(", ")}`;
  return `<svg class="chart trend" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="trend-title" data-testid="trend-chart"><title id="trend-title">${esc(desc)}</title>${axis}${bars.join("")}${dates}</svg>`;
}
