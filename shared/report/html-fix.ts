// The "how to fix" block of a finding in the HTML report. Only a button is rendered per row; the
// inline script builds the block from the embedded report data when the reader opens it, so a report
// with thousands of findings neither carries every request twice nor pays for a <details> (a shadow
// tree each) per row. Same text as Markdown's (remediation-text.ts).

/** `index`: the finding's position in the embedded report's `findings`. */
export function fixHtml(hasRemediation: boolean, index: number): string {
  if (!hasRemediation) return "";
  return `<div class="fix" data-testid="fix"><button type="button" class="fix-toggle" data-fix="${index}" aria-expanded="false">How to fix</button></div>`;
}

// Builds the blocks with textContent only: names in the data come from the cloud and are never HTML.
// String.raw: the script's own escapes (`\n`, `\p{…}`) reach the browser as written.
// The text format matches `revertText` / `locationText` in remediation-text.ts (a browser test checks).
export const FIX_SCRIPT = String.raw`
(function () {
  var data = null;
  function report() {
    if (!data) data = JSON.parse(document.getElementById("report-data").textContent);
    return data;
  }
  function revertText(ops) {
    return ops.map(function (op, i) {
      var q = op.query ? "?" + new URLSearchParams(op.query).toString() : "";
      var head = (ops.length > 1 ? "# " + (i + 1) + ". " : "# ") + op.operation + "\n" + op.method + " " + op.path + q;
      return op.body === null || op.body === undefined ? head : head + "\n" + JSON.stringify(op.body, null, 2);
    }).join("\n\n");
  }
  function locationText(r) {
    if (!r.location) return null;
    return r.location.line ? "baseline line " + r.location.line + " (" + r.location.path + ")" : "baseline " + r.location.path;
  }
  // Like the Markdown report: a line holding a control, bidi or invisible character shows it escaped.
  var INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|[^\P{Zs} ]/u;
  var HIDDEN = /[\\\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/gu;
  var NAMED = { "\\": "\\\\", "\r": "\\r", "\t": "\\t" };
  function escapeChar(ch) {
    if (ch === " ") return ch;
    if (NAMED[ch]) return NAMED[ch];
    var hex = ch.codePointAt(0).toString(16).toUpperCase();
    return hex.length > 4 ? "\\u{" + hex + "}" : "\\u" + ("0000" + hex).slice(-4);
  }
  function shown(text) {
    return text.split("\n").map(function (line) {
      return INVISIBLE.test(line) ? line.replace(HIDDEN, escapeChar) : line;
    }).join("\n");
  }
  var ids = 0;
  function block(title, text) {
    var id = "fix-text-" + (++ids);
    var box = document.createElement("div");
    box.className = "fix-block";
    var head = document.createElement("div");
    head.className = "fix-head";
    var label = document.createElement("span");
    label.textContent = title;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.setAttribute("data-copy", id);
    button.setAttribute("data-testid", "copy");
    button.textContent = "Copy";
    var pre = document.createElement("pre");
    pre.id = id;
    pre.textContent = shown(text);
    head.appendChild(label);
    head.appendChild(button);
    box.appendChild(head);
    box.appendChild(pre);
    return box;
  }
  function build(button) {
    var f = report().findings[Number(button.getAttribute("data-fix"))];
    var r = f && f.remediation;
    var panel = document.createElement("div");
    panel.className = "fix-panel";
    if (r && r.revert.length) panel.appendChild(block("Revert the cloud (API request, not run by rmq-drift)", revertText(r.revert)));
    if (r && r.accept !== null) {
      var where = locationText(r);
      panel.appendChild(block("Or accept it in the baseline" + (where ? " · " + where : ""), r.accept.replace(/\s+$/, "")));
    }
    button.parentNode.appendChild(panel);
    return panel;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-fix]");
    if (!button) return;
    var panel = button.nextElementSibling || build(button);
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
  });
})();
`;
