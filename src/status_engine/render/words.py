"""Plain-text pieces shared by the explanation renderers (tree, Markdown, HTML).

Only wording of the mechanism lives here ("holds if", "fails at"): every legal statement
(rule id, citation, paraphrase) comes from the explanation, i.e. from the rules and
their source registry.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from ..contract import Key

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


def decides(exp: Any) -> str:
    """What decides a conclusion: the conditions under which it takes each value.

    e.g. ``holds if party_status=factual, or if incorporated_into=ru; does not hold if ...``
    """
    parts = []
    for value, cases in ordered_cases(exp):
        conds = [condition_text(c.condition, exp.person, "") for c in cases]
        more = ", or in other worlds not listed" if value in getattr(exp, "truncated", ()) else ""
        if any(not c for c in conds):
            parts.append(f"{value} in every world")
        else:
            parts.append(f"{value} if " + ", or if ".join(conds) + more)
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
    who = cite(f.rule_id, f.citation, f.verified) if f.rule_id else f"rule at {f.rule_location}"
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
