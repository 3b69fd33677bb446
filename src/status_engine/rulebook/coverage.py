"""What the rule base covers: rules and their sources, positions, articles, firing.

* every rule id with its citation and where it stands in the rule files;
* every contested question with its positions and their sources;
* every article the legal brief names (``rules/articles.yaml``), encoded or not: encoded
  when some rule's source cites the same instrument and article, with a paragraph equal to
  or starting with the listed one (an empty listed paragraph matches any);
* every rule with the scenarios (and, from a firing log written by the test suite, the
  tests) that make it fire in some world; rules nothing fires are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .book import RuleBook


@dataclass(frozen=True)
class Article:
    instrument: str
    article: str
    paragraph: str
    title: str
    encoded_by: tuple[str, ...]
    context: bool = False  # states no rule of its own (a purpose clause)


def _norm(paragraph: str) -> str:
    return paragraph.replace("(", "").replace(")", "").replace(" ", "").lower()


def articles(book: RuleBook) -> list[Article]:
    """The brief's provisions, each with the rules that cite it."""
    import yaml

    path = book.directory / "articles.yaml"
    if not path.exists():
        return []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).get("articles", [])
    out = []
    for e in entries:
        inst, art, para = str(e["instrument"]), str(e["article"]), str(e.get("paragraph", "") or "")
        by = tuple(sorted(s.rule for s in book.sources.values()
                          if s.instrument == inst and s.article == art and _norm(s.paragraph).startswith(_norm(para))))
        out.append(Article(inst, art, para, str(e.get("title", "")), by, bool(e.get("context", False))))
    return out


def rule_locations(book: RuleBook) -> dict[str, list[str]]:
    """rule id -> ``rules/file.lp:line`` of every rule that carries it."""
    from ..analysis.explain import instrumented

    out: dict[str, list[str]] = {}
    for meta in instrumented(book).metas:
        if meta.rule_id:
            out.setdefault(meta.rule_id, []).append(f"{meta.file}:{meta.line}")
    return out


def by_article(arts: list[Article]) -> list[dict[str, Any]]:
    """Group the brief's provisions by article: encoded when any of its paragraphs is."""
    groups: dict[tuple[str, str], list[Article]] = {}
    for a in arts:
        groups.setdefault((a.instrument, a.article), []).append(a)
    out = []
    for (inst, art), items in groups.items():
        encoded = [a for a in items if a.encoded_by]
        out.append({"instrument": inst, "article": art, "encoded": bool(encoded),
                    "context": all(a.context for a in items),
                    "encoded_by": sorted({r for a in items for r in a.encoded_by}),
                    "paragraphs_not_encoded": [a.paragraph for a in items
                                               if not a.encoded_by and not a.context and a.paragraph],
                    "title": "; ".join(dict.fromkeys(a.title for a in items))})
    return out


def fired_rules(path: str, book: RuleBook) -> set[str]:
    """Rule ids that fire in some world of a scenario (brave consequences of ``_why``)."""
    from .. import api

    return fired_in(api.prepare(path, rules=book))


def fired_in(prep: Any) -> set[str]:
    """Rule ids that fire in some world of a prepared scenario."""
    from ..analysis.explain import explain_control, instrumented

    from ..solver.engine import ENFORCE

    book = prep.rules
    ctl = explain_control(prep)
    ctl.assign_external(ENFORCE, False)  # a consistency rule fires in the worlds it excludes
    metas = instrumented(book).metas
    config: Any = ctl.configuration  # clingo's stubs type the groups as str | Configuration | None
    config.solver.heuristic = "Domain"
    config.solver.dom_mod = "3,0"
    config.solve.enum_mode = "brave"
    config.solve.models = 0
    last: list[Any] = []

    def on_model(m: Any) -> None:
        last[:] = [s for s in m.symbols(atoms=True) if s.name == "_why"]

    ctl.solve(on_model=on_model)
    return {metas[s.arguments[0].number].rule_id for s in last if metas[s.arguments[0].number].rule_id}


def scenario_files(paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += sorted(str(f) for f in path.iterdir() if f.suffix in (".yaml", ".yml", ".json"))
        else:
            out.append(str(path))
    return out


def firing(book: RuleBook, scenarios: list[str], test_log: str | None) -> dict[str, dict[str, list[str]]]:
    """rule id -> {"scenarios": [...], "tests": [...]}."""
    table: dict[str, dict[str, list[str]]] = {rid: {"scenarios": [], "tests": []} for rid in sorted(book.sources)}
    for path in scenarios:
        for rid in sorted(fired_rules(path, book)):
            table[rid]["scenarios"].append(Path(path).name)
    if test_log and Path(test_log).exists():
        for line in Path(test_log).read_text(encoding="utf-8").splitlines():
            test, _, rid = line.partition("\t")
            if rid in table and test not in table[rid]["tests"]:
                table[rid]["tests"].append(test)
    return table
