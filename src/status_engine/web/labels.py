"""Words for the workbench: the rule base's phrases (``rules/phrases.yaml``) applied to one scenario.

Only lookups: labels of statuses and outcomes, the glossary, the open facts with their
values in words, and sentences added beside the atoms and facts of an explanation.  The
JSON the command line prints is never changed here; these are extra documents.
"""

from __future__ import annotations

from typing import Any

from ..rulebook.phrases import Names, names_for


def names(prep: Any) -> Names:
    return names_for(prep.scenario, prep.rules.registry, prep.rules.phrases)


def for_result(prep: Any, result: dict[str, Any]) -> dict[str, Any]:
    """Labels of every status and outcome in ``result``, the persons' names and the glossary."""
    ph, nm = prep.rules.phrases, names(prep)
    conclusions: dict[str, str] = {}
    for res in result["persons"].values():
        for key in res["status"]:
            conclusions[key] = ph.status(key)
        for key in res["outcomes"]:
            conclusions[key] = ph.outcome(key, nm)
    return {"conclusions": conclusions, "glossary": dict(ph.glossary), "persons": dict(nm.persons),
            "states": dict(nm.states)}


def open_facts(prep: Any) -> list[dict[str, Any]]:
    """Each open fact or position (mirrored persons aside): its path, its question and its values in words."""
    ph, nm = prep.rules.phrases, names(prep)
    mirrored = set(prep.facts.mirror_of)
    out = []
    for key, domain in prep.facts.open_domains():
        if key.name == "person" and key.arguments[0].name in mirrored:
            continue
        info = prep.facts.info(key)
        path = info.path if info else str(key)
        item: dict[str, Any] = {"path": path, "values": [{"value": str(v), "text": ph.fact(path, str(v), nm)}
                                                         for v in domain]}
        if path.startswith("positions."):
            item["question"] = prep.rules.questions.get(path.split(".", 1)[1], {}).get("question")
        out.append(item)
    return out


def annotate_explanation(prep: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` (the explain JSON) with a ``text`` beside each derived atom, fact and condition."""
    import clingo

    ph, nm = prep.rules.phrases, names(prep)

    def atom_text(atom: str) -> str:
        try:
            return ph.atom(clingo.parse_term(atom), nm)
        except (RuntimeError, ValueError):
            return atom

    def node(n: Any) -> None:
        if isinstance(n, dict):
            if isinstance(n.get("atom"), str):
                n["text"] = atom_text(n["atom"])
            failed = n.get("failed")
            if isinstance(failed, str):  # the condition a rule that does not apply fails at
                negated = failed.startswith("not ")
                n["failed_text"] = atom_text(failed[4:] if negated else failed)
                n["failed_negated"] = negated
            for f in n.get("facts") or []:
                if isinstance(f, dict) and "path" in f:
                    f["text"] = ph.fact(f["path"], f.get("value"), nm)
            for key in ("absent", "absent_why"):
                items = n.get(key)
                if isinstance(items, list):
                    n[key + "_text"] = [atom_text(a) if isinstance(a, str) else a for a in items]
            for c in n.get("condition") or []:
                if isinstance(c, dict) and "path" in c:
                    c["text"] = [ph.fact(c["path"], v, nm) for v in c.get("values", [])]
            for v in n.values():
                if isinstance(v, (dict, list)):
                    node(v)
        elif isinstance(n, list):
            for v in n:
                node(v)

    for exp in doc.get("explanations") or []:
        if isinstance(exp, dict) and "key" in exp:
            exp["label"] = ph.status(exp["key"]) if exp.get("kind") == "status" else ph.outcome(exp["key"], nm)
        node(exp)
    doc["glossary"] = dict(ph.glossary)
    return doc
