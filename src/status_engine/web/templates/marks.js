// Problems marked inside the text: a line-number gutter beside the editor, and for each located
// problem (or warning) its line highlighted with the message at its right end.  The editor does
// not wrap lines, so line N sits at (N - 1) line heights from the top of the text.
const marks = {problems: [], kind: "bad"};

function lineHeight() { return parseFloat(getComputedStyle($("scenario")).lineHeight); }

function paintGutter() {
  const ta = $("scenario"), lines = ta.value.split("\n").length, g = $("gutter");
  const bad = new Map();
  for (const p of marks.problems) if (p.line) bad.set(p.line, (bad.get(p.line) || []).concat(p));
  const kids = [];
  for (let n = 1; n <= lines; n++) {
    const ps = bad.get(n);
    const d = el("div", ps ? {class: "mark " + ps[0].level, title: ps.map(problemText).join("\n"), "data-line": n} : {},
                 ps ? "\u25B6 " + n : String(n));
    if (ps) d.onclick = () => gotoLine(n);
    kids.push(d);
  }
  g.replaceChildren(...kids);
  g.scrollTop = ta.scrollTop;
  paintLines();
}

function paintLines() {
  const ta = $("scenario"), box = $("linemarks"), lh = lineHeight();
  const pad = parseFloat(getComputedStyle(ta).paddingTop) + (ta.offsetTop - box.offsetTop);
  box.replaceChildren();
  const seen = new Set(), lines = ta.value.split("\n");
  for (const p of marks.problems) {
    if (!p.line || seen.has(p.line)) continue;
    seen.add(p.line);
    const all = marks.problems.filter((q) => q.line === p.line);
    const top = pad + (p.line - 1) * lh - ta.scrollTop;
    if (top < -lh || top > ta.clientHeight) continue;
    // the message starts just after the line's own text (never over it), or at the right edge
    const left = Math.min(textWidth(lines[p.line - 1] || "") + 24 - ta.scrollLeft, ta.clientWidth * 0.6);
    box.appendChild(el("div", {class: "linemark " + p.level, "data-line": p.line,
                               style: "top:" + top + "px;height:" + lh + "px"},
                       // the whole message on hover (a long one is cut at the editor's edge)
                       el("span", {class: "linemsg", style: "left:" + Math.max(left, 0) + "px",
                                   title: all.map(problemText).join("\n")},
                          all.map((q) => (q.key ? q.key + ": " : "") + q.message).join("; "))));
  }
}

let measure = null;
function textWidth(line) {
  const ta = $("scenario"), cs = getComputedStyle(ta);
  measure = measure || document.createElement("canvas").getContext("2d");
  measure.font = cs.fontSize + " " + cs.fontFamily;
  return parseFloat(cs.paddingLeft) + measure.measureText(line.replace(/\t/g, "        ")).width;
}

function markProblems(problems, level) {
  marks.problems = problems.map((p) => Object.assign({level: level}, p));
  paintGutter();
}

$("scenario").addEventListener("scroll", () => { $("gutter").scrollTop = $("scenario").scrollTop; paintLines(); });
$("scenario").addEventListener("input", () => { if ($("scenario").value.split("\n").length !== $("gutter").children.length) paintGutter(); });
