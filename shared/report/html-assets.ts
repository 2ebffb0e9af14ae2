// Inline CSS and JS of the HTML report. No external fonts, images or scripts: the file must render the
// same from a bucket, a mail attachment or an air-gapped laptop, and its CSP forbids anything else.

export const HTML_STYLE = `
:root{--fg:#101828;--muted:#475467;--line:#d0d5dd;--bg:#f5f7fa;--card:#fff;--accent:#1d3a6e;
--add-bg:#ede9fe;--add-fg:#4c1d95;--del-bg:#ffedd5;--del-fg:#7c2d12;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.mono{overflow-wrap:break-word}
.muted{color:var(--muted)}.small{font-size:12px}.nowrap{white-space:nowrap}
.banner{background:var(--accent);color:#fff;padding:24px 32px 0;border-bottom:6px solid var(--status)}
.status-clean{--status:#12b76a;--pill-bg:#d1fadf;--pill-fg:#054f31}
.status-drift{--status:#f04438;--pill-bg:#fee4e2;--pill-fg:#7a271a}
.status-incomplete{--status:#f79009;--pill-bg:#fef0c7;--pill-fg:#7a2e0e}
.eyebrow{margin:0;font-size:12px;letter-spacing:.08em;text-transform:uppercase;opacity:.85}
h1{margin:4px 0 2px;font-size:26px;font-weight:650;display:flex;align-items:center;gap:14px;flex-wrap:wrap}
.status-pill{font-size:14px;font-weight:700;letter-spacing:.06em;padding:4px 12px;border-radius:999px;background:var(--pill-bg);color:var(--pill-fg)}
.status-meaning{margin:0 0 16px;opacity:.92}
.meta{display:flex;flex-wrap:wrap;gap:8px 32px;margin:0 0 16px}
.meta div{min-width:0}.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;opacity:.8}
.meta dd{margin:0;font-weight:500}.meta code{font-size:13px}.meta .muted{color:#d0d8e8}
nav{display:flex;gap:4px;flex-wrap:wrap}
nav a{color:#fff;text-decoration:none;padding:8px 12px;border-radius:6px 6px 0 0;font-weight:500}
nav a:hover,nav a:focus{background:rgba(255,255,255,.14)}
main{max-width:1440px;margin:0 auto;padding:8px 32px 32px}
h2{font-size:19px;margin:28px 0 10px;display:flex;align-items:center;gap:8px}
.count{font-size:12px;font-weight:600;background:#e4e7ec;color:var(--fg);border-radius:999px;padding:1px 9px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px}
.overview{display:grid;grid-template-columns:minmax(320px,460px) 1fr;gap:16px}
figure{margin:0}figcaption{font-weight:600;margin-bottom:12px}
.chart{max-width:100%;height:auto}.chart-label{font-size:13px;fill:var(--fg)}
.chart-value{font-size:13px;font-weight:700;fill:var(--fg)}.chart-track{fill:#f2f4f7}
.stat-row{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin-bottom:10px}
.stat{border:1px solid var(--line);border-radius:8px;padding:8px 12px;display:flex;flex-direction:column}
.stat-value{font-size:22px;font-weight:700;line-height:1.2}.stat-label{color:var(--muted);font-size:12px}
.sev-card{border-left:5px solid var(--sev)}.sev-card .stat-value{color:var(--sev)}
.stat.warn{border-color:#f79009;background:#fffaeb}
.legend{display:flex;gap:12px;flex-wrap:wrap;font-size:12px;color:var(--muted);margin:0 0 8px}
caption.legend{caption-side:top;padding:8px 10px 0;text-align:left}
.legend .add,.legend .del{padding:0 6px;border-radius:4px}
.legend .add{background:var(--add-bg);color:var(--add-fg)}.legend .del{background:var(--del-bg);color:var(--del-fg)}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:10px 18px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
fieldset{border:0;margin:0;padding:0;display:flex;gap:6px;align-items:center;flex-wrap:wrap}
legend{float:left;font-weight:600;margin-right:6px}
.chip{display:inline-flex;align-items:center;gap:5px;border:1px solid var(--line);border-radius:999px;padding:3px 10px;cursor:pointer;background:#fff}
.search{display:flex;align-items:center;gap:8px;font-weight:600;flex:1 1 260px}
.search input{flex:1;font:inherit;padding:6px 10px;border:1px solid #98a2b3;border-radius:6px;min-width:0}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #84adff;outline-offset:1px}
.visible-count{margin:8px 2px;color:var(--muted);font-size:13px}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid #eaecf0}
th{background:#f9fafb;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#344054;white-space:nowrap}
tbody tr:last-child td{border-bottom:0}
tbody tr:hover{background:#fcfcfd}
th button{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
th button::after{content:"↕";opacity:.45}
th[aria-sort=ascending] button::after{content:"▲";opacity:1}
th[aria-sort=descending] button::after{content:"▼";opacity:1}
tr[data-waived=true]{background:#f9fafb}tr[data-waived=true] td{color:var(--muted)}
.sev{display:inline-block;font-size:12px;font-weight:700;color:#fff;border-radius:4px;padding:1px 8px;white-space:nowrap}
.sev-critical{background:#b42318}.sev-high{background:#c4320a}.sev-medium{background:#a15c07}.sev-low{background:#175cd3}
.tag{display:inline-block;font-size:12px;border-radius:4px;padding:1px 7px;white-space:nowrap;border:1px solid var(--line)}
.tag-new{background:#fef0c7;color:#7a2e0e;border-color:#fec84b;font-weight:700}
.tag-persisting{background:#f2f4f7;color:#344054}
.tag-waived{background:#eef4ff;color:#1d2939;border-color:#b2ccff}
.tag-target-ok{background:#ecfdf3;color:#054f31;border-color:#a6f4c5}
.tag-target-unreadable{background:#fef3f2;color:#7a271a;border-color:#fecdca;font-weight:700}
.dir{font-size:11px;border-radius:4px;padding:0 5px;margin-left:2px}
.dir-escalation{background:#fee4e2;color:#7a271a}.dir-restriction{background:#e0f2fe;color:#0b4a6f}.dir-lateral{background:#f2f4f7;color:#344054}
.message{margin:0 0 4px;white-space:pre-line}
.diff{list-style:none;margin:0;padding:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.diff li{padding:1px 6px;border-radius:3px;margin:1px 0;overflow-wrap:anywhere}
.diff .sign{display:inline-block;width:1.2em;font-weight:700}
.diff .add{background:var(--add-bg);color:var(--add-fg)}
.diff .del{background:var(--del-bg);color:var(--del-fg)}
.diff .kept{color:var(--muted)}
.diff .key{font-weight:700;margin-right:6px}
.diff .from{background:var(--del-bg);color:var(--del-fg);padding:0 4px;border-radius:3px}
.diff .to{background:var(--add-bg);color:var(--add-fg);padding:0 4px;border-radius:3px}
.diff .arrow{color:var(--muted)}
.empty{color:var(--muted);font-style:italic;margin:8px 2px}
table.findings{table-layout:fixed}
.c-sev{width:88px}.c-state{width:104px}.c-target{width:15%}.c-principal{width:12%}.c-resource{width:12%}
.c-field{width:118px}.c-seen{width:104px}
.change{min-width:0}
.fix{margin-top:6px}
.fix-toggle{all:unset;cursor:pointer;color:var(--accent);font-weight:600;font-size:12.5px}
.fix-toggle::before{content:"▸ "}.fix-toggle[aria-expanded=true]::before{content:"▾ "}
.fix-block{margin:6px 0;border:1px solid var(--line);border-radius:6px;background:#f9fafb}
.fix-head{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:4px 8px;font-size:12px;color:var(--muted)}
.fix pre{margin:0;padding:6px 8px;white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-top:1px solid var(--line)}
.copy{font:inherit;font-size:12px;padding:2px 10px;border:1px solid #98a2b3;border-radius:5px;background:#fff;cursor:pointer}
.trend-card p{margin:8px 0 0}.chart.trend{width:100%;max-width:720px}.axis{stroke:#98a2b3}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 8px;vertical-align:-1px}
.intro{margin:-4px 0 10px;color:var(--muted)}
footer{max-width:1440px;margin:0 auto;padding:8px 32px 32px;color:var(--muted);font-size:12px}
@media screen{.is-filtered{display:none}}
@media (max-width:900px){.overview{grid-template-columns:1fr}.stat-row{grid-template-columns:repeat(2,1fr)}main,.banner{padding-left:16px;padding-right:16px}}
@media screen and (max-width:640px){
  main,.banner,footer{padding-left:10px;padding-right:10px}
  .overview{grid-template-columns:minmax(0,1fr)}.card{padding:12px}
  .stat-row{grid-template-columns:repeat(2,minmax(0,1fr))}
  .findings-wrap{overflow:visible;border:0;background:none}
  table.findings,table.findings tbody,table.findings tr,table.findings td{display:block;width:100%}
  table.findings thead{display:none}
  table.findings tr{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:0 0 10px;padding:8px 12px}
  table.findings td{border:0;padding:2px 0}
  table.findings td:not(.change)::before{display:inline-block;min-width:6.5em;color:var(--muted);font-size:12px}
  table.findings td:nth-child(1)::before{content:"Severity"}table.findings td:nth-child(2)::before{content:"State"}
  table.findings td:nth-child(3)::before{content:"Target"}table.findings td:nth-child(4)::before{content:"Principal"}
  table.findings td:nth-child(5)::before{content:"Resource"}table.findings td:nth-child(6)::before{content:"Field"}
  table.findings td:nth-child(8)::before{content:"First seen"}
  table.findings td.change{min-width:0;padding-top:6px}
  .mono,.message,.diff li{overflow-wrap:anywhere}
}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{background:#fff;font-size:10px}
  code,.mono,.diff{font-size:9.5px}
  th,td{padding:4px 6px}
  .c-sev{width:70px}.c-state{width:78px}.c-target{width:14%}.c-principal{width:12%}.c-resource{width:13%}
  .c-field{width:88px}.c-seen{width:78px}
  .diff li{display:inline-block;margin:1px 4px 1px 0}
  .banner{background:#fff;color:var(--fg);border-bottom:4px solid var(--status);padding:0 0 8px}
  .meta .muted{color:var(--muted)}
  nav,.filters,.visible-count,[data-testid=no-match]{display:none}
  main,footer{padding:0;max-width:none}
  .table-wrap{overflow:visible;border:0}
  thead{display:table-header-group}th{white-space:normal}
  tr{break-inside:avoid}
  th button{display:none}th[data-label]::before{content:attr(data-label)}
  table.findings tr[data-waived=true]{display:none}
  .fix,.copy{display:none}
  .stat-row,.chart{break-inside:avoid}
  .mono,.diff li,code{overflow-wrap:normal;word-break:normal;hyphens:none}
  section{break-inside:auto}h2{break-after:avoid}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

// Sort and filter only; every row is already in the document. Runs under the CSP's inline allowance.
export const HTML_SCRIPT = `
"use strict";
(function () {
  var table = document.querySelector('[data-testid="findings-table"]');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="severity"]'));
  var text = document.getElementById("filter-text");
  var waived = document.getElementById("filter-waived");
  var shown = document.querySelector('[data-testid="visible-count"]');
  var noMatch = document.querySelector('[data-testid="no-match"]');

  // Built on the first search, not at load: a large report should not pay for it up front.
  var texts = new Map();
  function searchText(r) {
    var t = texts.get(r);
    if (t === undefined) {
      t = r.textContent.replace(/\\s+/g, " ").toLowerCase();
      texts.set(r, t);
    }
    return t;
  }

  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.value] = b.checked; });
    var q = text.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var ok = wanted[r.dataset.severity] === true &&
        (waived.checked || r.dataset.waived !== "true") &&
        (q === "" || searchText(r).indexOf(q) !== -1);
      r.classList.toggle("is-filtered", !ok);
      if (ok) n += 1;
    });
    shown.textContent = String(n);
    noMatch.hidden = n !== 0;
  }

  var columns = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortBy(index, th) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    columns.forEach(function (c) { if (c.querySelector("button")) c.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    function key(r) { var c = r.cells[index]; return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim(); }
    var sorted = rows.map(function (r, i) { return { r: r, k: key(r), i: i }; });
    sorted.sort(function (a, b) {
      var na = Number(a.k), nb = Number(b.k);
      var c = a.k !== "" && b.k !== "" && !isNaN(na) && !isNaN(nb) ? na - nb : (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
      return c !== 0 ? c * dir : a.i - b.i;
    });
    rows = sorted.map(function (x) { return x.r; });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  columns.forEach(function (th, index) {
    var button = th.querySelector("button");
    if (button) button.addEventListener("click", function () { sortBy(index, th); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  waived.addEventListener("change", apply);
  text.addEventListener("input", apply);
  apply();
})();

// Copy buttons of the "how to fix" blocks; falls back to a selection copy where the clipboard API is
// unavailable (a file opened from disk in some browsers).
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var pre = document.getElementById(button.getAttribute("data-copy"));
    if (!pre) return;
    var text = pre.textContent;
    function done(ok) {
      button.textContent = ok ? "Copied" : "Select and copy";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else fallback();
  });
})();
`;
