"""The open facts that can change a result, as questions in words; the others only counted.

A scenario leaves many facts open (unknown), but most of them cannot change any status
or verdict of anyone: the 4A(2) conditions of a regular soldier of a party, the risk in
the detaining state itself.  Listing them all buries the few that decide.  ``summarise``
keeps those that the relevance check (``relevance.Doubled``: two worlds differing in that
fact alone, or through worlds a consistency rule excludes) shows can change a result,
phrases each as the question it leaves (``rules/phrases.yaml``, ``questions``; a
position by its contested question in ``rules/sources.yaml``) and counts the rest.

The check grounds the doubled program of every person, so past ``MAX_PERSONS`` it is
not run and every open fact is counted as undecided (the JSON result's ``open`` list is
always the full list: the contract does not change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_PERSONS = 100


@dataclass(frozen=True)
class OpenFacts:
    """What a table says about the open facts of one evaluation."""

    relevant: list[tuple[str, str]] = field(default_factory=list)  # (path, question in words)
    others: int = 0  # open facts that change no result
    checked: bool = True  # False: too many persons to check; ``relevant`` is empty, ``others`` the total


def question(prep: Any, path: str, names: Any) -> str:
    """The question an open fact or position leaves, in words."""
    if path.startswith("positions."):
        name = path.split(".", 1)[1]
        asked = prep.rules.questions.get(name, {}).get("question")
        if asked:
            return f"{asked.rstrip('?')}? (contested reading)"
    return str(prep.rules.phrases.question(path, names))


def summarise(prep: Any, timeout: float | None = None) -> OpenFacts:
    """The open facts of ``prep`` that can change a result (in axis order), the rest counted."""
    from ...solver.engine import Deadline
    from ...rulebook.phrases import names_for
    from .common import open_axes, unmirrored
    from .relevance import Doubled

    total = len(prep.facts.open_paths())
    if not total:
        return OpenFacts()
    if len(prep.facts.persons) > MAX_PERSONS:
        return OpenFacts([], total, checked=False)
    fs = unmirrored(prep)
    axes = open_axes(fs)
    keys = Doubled(prep.rules, fs, axes, Deadline(timeout)).choose(None)
    names = names_for(prep.scenario, prep.rules.registry, prep.rules.phrases)
    relevant = [(p, question(prep, p, names)) for p in axes if p in set(keys)]
    return OpenFacts(relevant, len(axes) - len(relevant))
