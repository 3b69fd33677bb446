"""Speaking an explanation: the one module for conditions, one-liners, labels and summaries.

Two registers, one place.  The plain functions (``condition_text``, ``decides``,
``one_line``, ``cite``, ``failure_text``...) show an explanation as the mechanism has it
(paths, values, rule ids): the debug and JSON-adjacent views and the Markdown detail.
``Speaker`` says the same in the law's words, from the rule base (``rules/phrases.yaml``:
statuses, outcomes, facts, positions, negations, glossary) and the source registry
(citations): labels, facts as sentences, minimised conditions ("required if A; otherwise
permitted"), every ground of a firm verdict, per-person summaries.  This module only
chooses which sentences to print and joins them with the mechanism's own words ("turns
on", "would change", "otherwise"); no legal statement is made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from ..contract import Key, value_text
from ..rulebook.phrases import Names, Phrases

UNVERIFIED = "unverified, to be reviewed by a lawyer"

# The values of a conclusion in one world, in the order they are shown.
VALUE_ORDER = ("holds", "required", "permitted", "forbidden", "does not hold", "absent")


def short_path(path: str, person: Optional[str] = None) -> str:
    """``persons.ri.wish`` -> ``wish`` (for ri's own conclusions); ``positions.q`` -> ``q``."""
    if person and path.startswith(f"persons.{person}."):
        return path[len(f"persons.{person}."):]
    if path.startswith("positions."):
        return path[len("positions."):]
    return path


def condition_text(condition: list[tuple[str, list[str]]], person: Optional[str] = None,
                   empty: str = "in every world") -> str:
    if not condition:
        return empty
    return " and ".join(f"{short_path(p, person)}={'|'.join(v)}" for p, v in condition)


def ordered_cases(exp: Any) -> list[tuple[str, list[Any]]]:
    """The explanation's (value, cases) pairs, non-empty, in a reading order."""
    items = [(v, cs) for v, cs in exp.cases.items() if cs]
    return sorted(items, key=lambda vc: VALUE_ORDER.index(vc[0]) if vc[0] in VALUE_ORDER else 99)


def decides(exp: Any, sp: Optional["Speaker"] = None) -> str:
    """What decides a conclusion: the conditions under which it takes each value.

    In words with a ``Speaker`` (``Speaker.decides``); without one (a rule base without
    phrases, a debug view), by path and value, e.g. ``holds if party_status=factual, or if
    incorporated_into=ru; does not hold if ...``.
    """
    if sp is not None:
        return sp.decides(exp)
    return by_cases(exp, lambda c: condition_text(c, exp.person, ""), ", or if ")


def by_cases(exp: Any, say: Callable[[Any], str], joiner: str) -> str:
    """Each value with the conditions of its cases as found (not minimised), ``say`` saying
    one case's condition ("" for no condition) and ``joiner`` between cases."""
    parts = []
    for value, cases in ordered_cases(exp):
        conds = [say(c.condition) for c in cases]
        more = ", or in other worlds not listed" if value in getattr(exp, "truncated", ()) else ""
        if any(not c for c in conds):
            parts.append(f"{value} in every world")
        else:
            parts.append(f"{value} if " + joiner.join(conds) + more)
    return "; ".join(parts) or "no world"


def is_open(exp: Any) -> bool:
    """A conclusion whose value differs between worlds (``possible`` / ``depends``)."""
    return len(ordered_cases(exp)) > 1


def cite(rule_id: Optional[str], citation: Optional[str], verified: Optional[bool] = True) -> str:
    if not rule_id:
        return "(view of the scenario facts)"
    flag = "" if verified is not False else f" ({UNVERIFIED})"
    return f"{citation} [{rule_id}]{flag}" if citation else f"[{rule_id}]{flag}"


def where(f: Any) -> str:
    """Where a fact comes from: file:line, the event or override that set it, or nowhere."""
    if f.file and f.line:
        return f"{f.file}:{f.line}"
    if f.set_by:
        return f.set_by
    return "open: not stated in the file" if f.assumed else "not stated in the file: default"


def fact_text(f: Any, with_evidence: bool = True) -> str:
    where_ = where(f)
    assumed = " (unknown in the scenario; the value of the world shown)" if f.assumed else ""
    text = f"{f.path} = {f.value}{assumed} [{where_}]"
    if with_evidence and f.evidence:
        text += f" evidence: {_one_line(f.evidence)}"
    if with_evidence and f.source:
        text += f" (source: {_one_line(f.source)})"
    return text


def failure_text(f: Any) -> str:
    """A rule that does not apply, and why: in words when the phrases give them, else the atom."""
    who = cite(f.rule_id, f.citation, f.verified) if f.rule_id else f"rule at {f.rule_location}"
    if getattr(f, "failed_text", None):
        return f"{who} does not apply: {f.failed_text}"
    return f"{who}: fails at `{f.failed}`"


def step_title(s: Any) -> str:
    return f"{s.atom} ⇐ {cite(s.rule_id, s.citation, s.verified)}"


def citations(exp: Any, limit: int = 0) -> list[str]:
    """Rule citations used anywhere in an explanation, first seen first."""
    out: list[str] = []
    for step in walk_steps(exp):
        if step.rule_id:
            c = cite(step.rule_id, step.citation, step.verified)
            if c not in out:
                out.append(c)
    for f in walk_failures(exp):
        if f.rule_id:
            c = cite(f.rule_id, f.citation, f.verified)
            if c not in out:
                out.append(c)
    return out[:limit] if limit else out


def rule_ids(items: Iterable[Any]) -> set[str]:
    """Every rule id used by a set of explanations (derivations, scopes and why-nots)."""
    out: set[str] = set()
    for exp in items:
        out |= {s.rule_id for s in walk_steps(exp) if s.rule_id}
        out |= {f.rule_id for f in walk_failures(exp) if f.rule_id}
    return out


def _case_roots(case: Any) -> list[Any]:
    return [x for x in (getattr(case, "derivation", None), getattr(case, "scope", None)) if x is not None]


def nodes(case: Any) -> Iterable[tuple[str, Any]]:
    """Every node of a case's reason, depth first: ("step", Step) or ("failure", Failure)."""
    stack: list[tuple[str, Any]] = [("failure", f) for f in reversed(case.why_not)]
    stack += [("step", r) for r in reversed(_case_roots(case))]
    while stack:
        kind, node = stack.pop()
        yield kind, node
        if kind == "step":
            stack += [("failure", f) for f in reversed(node.absent_why)]
            stack += [("step", c) for c in reversed(node.children)]
        else:
            stack += [("failure", b) for b in reversed(node.because)]
            if node.blocker is not None:
                stack.append(("step", node.blocker))


def walk_steps(exp: Any) -> Iterable[Any]:
    for _, cases in exp.cases.items():
        for case in cases:
            yield from (n for k, n in nodes(case) if k == "step")


def walk_failures(exp: Any) -> Iterable[Any]:
    for _, cases in exp.cases.items():
        for case in cases:
            yield from (n for k, n in nodes(case) if k == "failure")


def facts_of_case(case: Any) -> list[Any]:
    """Scenario facts a case rests on (derivation, scope, why-not), by path, first seen first."""
    out: list[Any] = []
    seen: set[str] = set()
    for _, node in nodes(case):
        for r in node.facts:
            if r.path not in seen:
                seen.add(r.path)
                out.append(r)
    return out


def derivation_cites(step: Any) -> list[str]:
    """The citations of a derivation's rules, top-down, each once."""
    out: list[str] = []

    def down(s: Any) -> None:
        if s.rule_id:
            c = cite(s.rule_id, s.citation, s.verified)
            if c not in out:
                out.append(c)
        for child in s.children:
            down(child)

    down(step)
    return out


def facts_brief(case: Any, limit: int = 5) -> str:
    """The facts a case rests on, compactly: those of its condition first, then the others."""
    facts = facts_of_case(case)
    named = {p for p, _ in case.condition}
    facts.sort(key=lambda f: f.path not in named)
    parts = []
    for f in facts[:limit]:
        loc = f"{f.file.rsplit('/', 1)[-1]}:{f.line}" if f.file and f.line else ("" if f.assumed else "default")
        loc = ("open" + (", " + loc if loc else "")) if f.assumed else loc
        parts.append(f"{f.path}={f.value} ({loc})")
    more = f" (+{len(facts) - limit} more)" if len(facts) > limit else ""
    return ", ".join(parts) + more


def case_summary(exp: Any, case: Any, limit: int = 2) -> str:
    """One case in one line: its citations (derivation) or the first failing rules (why-not)."""
    if case.derivation is not None:
        return "; ".join(derivation_cites(case.derivation)[:limit])
    fails = [failure_text(f) for f in case.why_not[:limit]]
    more = f" (+{len(case.why_not) - limit} more)" if len(case.why_not) > limit else ""
    if exp.kind == "outcome" and case.scope is not None:  # permitted: nothing forbids or requires it
        text = (f"considered under {cite(case.scope.rule_id, case.scope.citation, case.scope.verified)}; "
                if case.scope.rule_id else "")
        if fails:
            return text + "no rule forbids or requires it: " + "; ".join(fails) + more
        return text + "no rule of the rule base forbids or requires it"
    if not fails:
        return "no rule of the rule base derives it"
    return "; ".join(fails) + more


def case_summary_reason(r: Any, limit: int = 2) -> str:
    """A contrast's reason (no derivation) in one line: the scope and the failing rules."""
    from types import SimpleNamespace

    exp = SimpleNamespace(kind=Key.parse(r.key).kind.value)
    return case_summary(exp, SimpleNamespace(derivation=None, why_not=r.why_not, scope=r.scope), limit)


def one_line(exp: Any, cases_by_value: Optional[dict[str, list[Any]]] = None) -> str:
    """A short reason per value: condition and citations (or failing rules)."""
    items = cases_by_value if cases_by_value is not None else dict(ordered_cases(exp))
    parts = []
    for value in sorted(items, key=lambda v: VALUE_ORDER.index(v) if v in VALUE_ORDER else 99):
        for case in items[value][:3]:
            cond = condition_text(case.condition, exp.person, "")
            parts.append(f"{value}{' if ' + cond if cond else ''}: {case_summary(exp, case)}")
        if len(items[value]) > 3:
            parts.append(f"(+{len(items[value]) - 3} more case(s) where it {value})")
    return " | ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# ----------------------------------------------------------------- in the law's words

# The verdict words in the order a summary lists them, with the mechanism's heading.
OUTCOME_GROUPS = (("required", "Will happen (required)"), ("forbidden", "Must not happen (forbidden)"),
                  ("depends", "Depends on the world"), ("permitted", "May happen (permitted)"))
MAX_ALTERNATIVES = 4  # alternatives of a condition said in a summary; the rest are the cases
MAX_CHANGES = 4  # "what would change it" in a summary; the rest under the open questions
GLOSSARY_ORDER = ("necessary", "possible", "required", "permitted", "forbidden", "depends", "world")


@dataclass(frozen=True)
class Speaker:
    phrases: Phrases
    names: Names

    @classmethod
    def plain(cls) -> "Speaker":
        return cls(Phrases(), Names())

    # -- names
    def person(self, pid: str) -> str:
        return self.names.persons.get(pid, pid)

    def name(self, key: str) -> str:
        """A status or outcome in words (no key)."""
        k = Key.parse(key)
        return self.phrases.status(key) if k.is_status else self.phrases.outcome(key, self.names)

    def label(self, key: str) -> str:
        """A status or outcome in words with its key in brackets: ``prisoner of war [pow]``."""
        name = self.name(key)
        return key if name == key else f"{name} [{key}]"

    def fact(self, path: str, value: Any) -> str:
        return self.phrases.fact(path, value, self.names)

    def question(self, path: str, question: Optional[str] = None) -> str:
        """An open fact or position by its label: the contested question, else its path in """
        if question:
            return f"{question} [{short_path(path)}]"
        return f"[{path}]"

    # -- conditions
    def condition(self, condition: list[tuple[str, list[str]]], empty: str = "in every world") -> str:
        if not condition:
            return empty
        parts = []
        for path, values in condition:
            parts.append(" or ".join(self.fact(path, v) for v in values))
        return "; and ".join(parts)

    def literal(self, x: Any) -> str:
        """One literal of a minimised condition: a value, values, or "not" the few it excludes."""
        if x.negative():
            return " and ".join(self.phrases.fact(x.path, v, self.names, negated=True) for v in x.excluded)
        return " or ".join(self.fact(x.path, v) for v in x.values)

    def conditions(self, c: Any, limit: int = MAX_ALTERNATIVES) -> str:
        """A factored condition (``explain.minimise.Condition``) in a sentence or two.

        Common literals first, then "either A, or B" for the alternatives; beyond ``limit``
        alternatives the rest are counted (the full list is the explanation's cases).
        """
        if c.always:
            return "in every world"
        parts = [self.literal(x) for x in c.common]
        alts = [" and ".join(self.literal(x) for x in alt) for alt in c.alternatives]
        more = f", or in {len(alts) - limit} other case(s) listed below" if len(alts) > limit else ""
        alts = alts[:limit]
        if len(alts) == 1:
            parts.append(alts[0] + more)
        elif alts:
            parts.append("either " + ", or ".join(alts) + more)
        return "; and ".join(parts) if len(parts) > 1 else (parts[0] if parts else "in no world")

    def decides(self, exp: Any) -> str:
        """What decides a conclusion, short: "required if A; otherwise permitted".

        The value said last ("otherwise") is ``permitted`` or ``does not hold`` where the
        conclusion can take it, else the value with the longest condition; each other
        value comes with its minimised condition (``exp.decisive``).
        """
        decisive = getattr(exp, "decisive", None) or {}
        values = [v for v, _ in ordered_cases(exp)]
        if not decisive or any(v not in decisive for v in values):
            return self._decides_by_cases(exp)
        if len(values) == 1:
            return f"{values[0]} in every world"
        rest = next((v for v in ("permitted", "does not hold") if v in values), None)
        if rest is None:
            rest = max(values, key=lambda v: len(self.conditions(decisive[v])))
        parts = [f"{v} if {self.conditions(decisive[v])}" for v in values if v != rest]
        return "; ".join(parts) + f"; otherwise {rest}"

    def _decides_by_cases(self, exp: Any) -> str:
        return by_cases(exp, lambda c: self.condition(c, ""), " — or if ")

    def ground(self, g: Any, premises: bool = True) -> str:
        """One ground of a firm verdict: its citation and where it applies (and its premise's grounds)."""
        by = cite(g.rule_id, g.citation, g.verified) if g.rule_id else "the scenario's facts"
        said = f"by {by}" + ("" if g.condition.always else f" where {self.conditions(g.condition)}")
        if g.premise_grounds and premises:
            said += (f", as {g.premise_text or g.premise} on every reading: "
                     + "; ".join(self.ground(p) for p in g.premise_grounds))
        return said

    def grounds(self, exp: Any) -> str:
        """Every ground of a firm verdict in one line: "on every reading: by A where ...; by B where ..."."""
        gs = getattr(exp, "grounds", None) or []
        if not gs:
            return ""
        if len(gs) == 1 and gs[0].condition.always:
            return f"{exp.grounds_of} in every world, " + self.ground(gs[0])
        return f"{exp.grounds_of} on every reading: " + "; ".join(self.ground(g) for g in gs)

    def case(self, exp: Any, case: Any, limit: int = 3) -> str:
        """One case's grounds: the citations of its derivation, or the rules that do not apply."""
        if case.derivation is not None:
            return "on " + "; ".join(derivation_cites(case.derivation)[:limit])
        rules = []
        for f in case.why_not:
            c = cite(f.rule_id, f.citation, f.verified) if f.rule_id else None
            if c and c not in rules:
                rules.append(c)
        more = f" (+{len(rules) - limit} more)" if len(rules) > limit else ""
        scope = ""
        if exp.kind == "outcome" and case.scope is not None and case.scope.rule_id:
            scope = f"considered under {cite(case.scope.rule_id, case.scope.citation, case.scope.verified)}; "
        if exp.kind == "outcome":
            return scope + ("no rule forbids or requires it" + (": not " + "; not ".join(rules[:limit]) + more
                                                                 if rules else ""))
        return ("no rule derives it" + (": not " + "; not ".join(rules[:limit]) + more if rules else ""))

    def facts(self, case: Any, limit: int = 5) -> str:
        """The stated facts a case rests on, as sentences (those of its condition first)."""
        facts = [f for f in facts_of_case(case) if not f.assumed]
        named = {p for p, _ in case.condition}
        facts.sort(key=lambda f: f.path not in named)
        more = f" (+{len(facts) - limit} more)" if len(facts) > limit else ""
        return "; ".join(self.fact(f.path, f.value) for f in facts[:limit]) + more

    def one_line(self, exp: Any, cases_by_value: Optional[dict[str, list[Any]]] = None) -> str:
        items = cases_by_value if cases_by_value is not None else dict(ordered_cases(exp))
        order = VALUE_ORDER
        parts = []
        for value in sorted(items, key=lambda v: order.index(v) if v in order else 99):
            for case in items[value][:3]:
                cond = self.condition(case.condition, "")
                parts.append(f"{value}{' if ' + cond if cond else ''}: {self.case(exp, case, 2)}")
            if len(items[value]) > 3:
                parts.append(f"(+{len(items[value]) - 3} more case(s) where it {value})")
        return " | ".join(parts)

    def change(self, c: Any) -> str:
        return (f"{self.person(c.person)}: {self.label(str(c.key))} {value_text(c.before)} → "
                f"{value_text(c.after)}")

    # -- the summary and the glossary
    def summary(self, b: Any, p: Any) -> list[tuple[str, str]]:
        """One person's summary: (heading, sentence) pairs."""
        if p.mirror_of:
            return [("Same facts as " + self.person(p.mirror_of), "same conclusions and reasons")]
        out: list[tuple[str, str]] = []
        st = p.result["status"]
        if st:
            out.append(("Status", "; ".join(f"{self.label(k)}: {v}" for k, v in st.items())))
        oc = p.result["outcomes"]
        for verdict, heading in OUTCOME_GROUPS:
            keys = [k for k, v in oc.items() if v == verdict]
            if keys:
                out.append((heading, "; ".join(self.label(k) for k in keys)))
        turns: list[str] = []
        changes: list[str] = []
        for q in b.questions:
            if not any(d.split(" ", 1)[0] == p.id for d in q.decisive_for):
                continue
            turns.append(self.topic(q, p.id))
            for v in q.values:
                mine = [c for c in q.effects.get(v, []) if c.person == p.id]
                if mine:
                    changes.append(f"if {self.fact(q.path, v)}: " + ", ".join(
                        f"{self.label(str(c.key))} becomes {value_text(c.after)}" for c in mine))
        if turns:
            out.append(("Turns on", "; ".join(turns)))
        else:
            out.append(("Turns on", "nothing open: every conclusion holds in every world"))
        if changes:
            more = (f"; and {len(changes) - MAX_CHANGES} more (see the open questions)"
                    if len(changes) > MAX_CHANGES else "")
            out.append(("Would change it", "; ".join(changes[:MAX_CHANGES]) + more))
        return out

    def topic(self, q: Any, person: Optional[str] = None) -> str:
        """What an open fact or position is about, short: its contested question, else the question
        the phrases ask of it ("where Baek wishes to go"), else its two values, or its name."""
        if q.question:
            return self.question(q.path, q.question)
        asked = self.phrases.question(q.path, self.names)
        if asked != q.path:
            return asked
        if len(q.values) <= 2:
            return " or ".join(self.fact(q.path, v) for v in q.values)
        name = short_path(q.path, person).replace("_", " ").replace(".", ", ")
        owner = f"{self.person(person)}: " if person and q.path.startswith(f"persons.{person}.") else ""
        return f"{owner}{name} ({len(q.values)} possible values)"

    def glossary(self) -> list[tuple[str, str]]:
        g = self.phrases.glossary
        return [(w, g[w]) for w in GLOSSARY_ORDER if w in g] + [(w, d) for w, d in g.items()
                                                                if w not in GLOSSARY_ORDER]


def speaker(b: Any) -> Speaker:
    return getattr(b, "speaker", None) or Speaker.plain()
