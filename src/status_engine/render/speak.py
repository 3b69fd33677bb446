"""A briefing in words: labels, facts as sentences, per-person summaries and the glossary.

The sentences come from the rule base (``rules/phrases.yaml``: statuses, outcomes, facts,
positions, glossary) and from the source registry (citations); this module only chooses
which of them to print and joins them with the mechanism's own words ("turns on",
"would change").  No legal statement is made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..contract import Key, value_text
from ..phrases import Names, Phrases
from . import words

# The verdict words in the order a summary lists them, with the mechanism's heading.
OUTCOME_GROUPS = (("required", "Will happen (required)"), ("forbidden", "Must not happen (forbidden)"),
                  ("depends", "Depends on the world"), ("permitted", "May happen (permitted)"))
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
        """An open fact or position by its label: the contested question, else its path in words."""
        if question:
            return f"{question} [{words.short_path(path)}]"
        return f"[{path}]"

    # -- conditions
    def condition(self, condition: list[tuple[str, list[str]]], empty: str = "in every world") -> str:
        if not condition:
            return empty
        parts = []
        for path, values in condition:
            parts.append(" or ".join(self.fact(path, v) for v in values))
        return "; and ".join(parts)

    def decides(self, exp: Any) -> str:
        parts = []
        for value, cases in words.ordered_cases(exp):
            conds = [self.condition(c.condition, "") for c in cases]
            more = ", or in other worlds not listed" if value in getattr(exp, "truncated", ()) else ""
            if any(not c for c in conds):
                parts.append(f"{value} in every world")
            else:
                parts.append(f"{value} if " + " — or if ".join(conds) + more)
        return "; ".join(parts) or "no world"

    def case(self, exp: Any, case: Any, limit: int = 3) -> str:
        """One case's grounds: the citations of its derivation, or the rules that do not apply."""
        if case.derivation is not None:
            return "on " + "; ".join(words.derivation_cites(case.derivation)[:limit])
        rules = []
        for f in case.why_not:
            c = words.cite(f.rule_id, f.citation, f.verified) if f.rule_id else None
            if c and c not in rules:
                rules.append(c)
        more = f" (+{len(rules) - limit} more)" if len(rules) > limit else ""
        scope = ""
        if exp.kind == "outcome" and case.scope is not None and case.scope.rule_id:
            scope = f"considered under {words.cite(case.scope.rule_id, case.scope.citation, case.scope.verified)}; "
        if exp.kind == "outcome":
            return scope + ("no rule forbids or requires it" + (": not " + "; not ".join(rules[:limit]) + more
                                                                 if rules else ""))
        return ("no rule derives it" + (": not " + "; not ".join(rules[:limit]) + more if rules else ""))

    def facts(self, case: Any, limit: int = 5) -> str:
        """The stated facts a case rests on, as sentences (those of its condition first)."""
        facts = [f for f in words.facts_of_case(case) if not f.assumed]
        named = {p for p, _ in case.condition}
        facts.sort(key=lambda f: f.path not in named)
        more = f" (+{len(facts) - limit} more)" if len(facts) > limit else ""
        return "; ".join(self.fact(f.path, f.value) for f in facts[:limit]) + more

    def one_line(self, exp: Any, cases_by_value: Optional[dict[str, list[Any]]] = None) -> str:
        items = cases_by_value if cases_by_value is not None else dict(words.ordered_cases(exp))
        order = words.VALUE_ORDER
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
        """What an open fact or position is about, short: its question, or its two values, or its name."""
        if q.question:
            return self.question(q.path, q.question)
        if len(q.values) <= 2:
            return " or ".join(self.fact(q.path, v) for v in q.values)
        name = words.short_path(q.path, person).replace("_", " ").replace(".", ", ")
        owner = f"{self.person(person)}: " if person and q.path.startswith(f"persons.{person}.") else ""
        return f"{owner}{name} ({len(q.values)} possible values)"

    def glossary(self) -> list[tuple[str, str]]:
        g = self.phrases.glossary
        return [(w, g[w]) for w in GLOSSARY_ORDER if w in g] + [(w, d) for w, d in g.items()
                                                                if w not in GLOSSARY_ORDER]


def speaker(b: Any) -> Speaker:
    return getattr(b, "speaker", None) or Speaker.plain()
