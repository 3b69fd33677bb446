// "New scenario": the questions of `status-engine new`, asked by the server (/v1/new/questions) from
// the answers so far: only those whose answers can change a result, `unknown` offered where allowed.
const newAnswers = {};
let asked = 0;

async function newPost(path) {
  const body = {answers: newAnswers};
  if ($("new_from").checked) body.from = $("scenario").value;
  return fetch(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
}

function questionField(q) {
  const value = q.key in newAnswers ? newAnswers[q.key] : (q.default === null ? "" : q.default);
  let input;
  if (q.kind === "choice" && !q.state && !q.date) {
    input = el("select", {"data-key": q.key});
    for (const w of q.words) input.appendChild(el("option", {value: w}, w));
    input.value = value;
  } else {
    input = el("input", {"data-key": q.key, type: "text", size: 24, list: q.words.length ? "dl-" + q.key : "",
                         placeholder: q.date ? "YYYY-MM-DD" + (q.words.length ? " or " + q.words.join(" / ") : "")
                                              : (q.state ? "state id, e.g. ru" + (q.words.length ? ", or " + q.words.join(" / ") : "") : "")});
    input.value = value;
  }
  input.onchange = () => { newAnswers[q.key] = input.value; askQuestions(); };
  const row = el("div", {class: "question" + (q.problem ? " refused" : ""), "data-key": q.key},
                 el("label", {}, q.text.replace(/ \([^()]*\|[^()]*\)$/, ""), " ", input));
  if (q.words.length && input.tagName === "INPUT")
    row.appendChild(el("datalist", {id: "dl-" + q.key}, ...q.words.map((w) => el("option", {value: w}))));
  if (q.problem) row.appendChild(el("div", {class: "qproblem"}, q.problem));
  return row;
}

async function askQuestions() {
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const r = await newPost("/v1/new/questions");
  const body = await r.json();
  const box = $("questions");
  if (r.status !== 200) { box.replaceChildren(el("p", {class: "qproblem"}, (body.problems || []).map(problemText).join("; ") || body.error)); return; }
  box.replaceChildren();
  let group = null;
  for (const q of body.questions) {
    if (q.group !== group) { group = q.group; box.appendChild(el("h3", {}, group)); }
    box.appendChild(questionField(q));
  }
  const again = focused && box.querySelector('[data-key="' + focused + '"]');
  if (again && again.focus) again.focus();
  document.body.dataset.questions = String(body.questions.length);
  document.body.dataset.asked = String(++asked);  // what a test can wait for after an answer
}

function showRefused(body) {
  // each refused or missing answer beside its question; the rest (an invalid file) above them
  const loose = [];
  for (const p of body.problems || [{message: body.error}]) {
    const row = p.key && $("questions").querySelector('div.question[data-key="' + p.key + '"]');
    if (row && !row.querySelector(".qproblem")) { row.classList.add("refused"); row.appendChild(el("div", {class: "qproblem"}, p.message)); }
    else if (!row) loose.push(problemText(p));
  }
  if (loose.length) $("questions").prepend(el("p", {class: "qproblem"}, loose.join("; ")));
  const first = $("questions").querySelector(".refused");
  if (first) first.scrollIntoView({block: "center"});
  document.body.dataset.refused = String((body.problems || []).length);
}

async function writeScenario() {
  for (const input of $("questions").querySelectorAll("[data-key]")) if (input.tagName !== "DIV") newAnswers[input.dataset.key] = input.value;
  const r = await newPost("/v1/new/file");
  if (r.status !== 200) { await askQuestions(); showRefused(await r.json()); return; }
  const text = await r.text();
  $("scenario").value = text;
  filename = ((newAnswers.id || "scenario").replace(/[^A-Za-z0-9._-]/g, "_")) + ".yaml";
  for (const k of Object.keys(pinned)) delete pinned[k];
  $("new_panel").hidden = true;
  evaluate();
}

$("new").onclick = () => {
  for (const k of Object.keys(newAnswers)) delete newAnswers[k];
  $("new_panel").hidden = false;
  askQuestions();
};
$("new_from").onchange = askQuestions;
$("new_write").onclick = writeScenario;
$("new_cancel").onclick = () => { $("new_panel").hidden = true; };
