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
    # What a conclusion that differs between worlds turns on: (person, key) -> the questions
    # whose answer alone can change it.
    turns_on: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def question(prep: Any, path: str, names: Any) -> str:
    """The question an open fact or position leaves, in words."""
    if path.startswith("positions."):
        name = path.split(".", 1)[1]
        asked = prep.rules.questions.get(name, {}).get("question")
        if asked:
            return f"{asked.rstrip('?')}? (contested reading)"
    return str(prep.rules.phrases.question(path, names))


UNSETTLED = ("depends", "possible", "permitted")  # the verdicts that can differ between worlds


def summarise(prep: Any, timeout: float | None = None, result: dict[str, Any] | None = None) -> OpenFacts:
    """The open facts of ``prep`` that can change a result (in axis order), the rest counted;
    with the evaluation's ``result``, what each unsettled conclusion turns on."""
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
    doubled = Doubled(prep.rules, fs, axes, Deadline(timeout))
    keys = set(doubled.choose(None))
    names = names_for(prep.scenario, prep.rules.registry, prep.rules.phrases)
    asked = {p: question(prep, p, names) for p in axes if p in keys}
    turns_on: dict[tuple[str, str], list[str]] = {}
    for pid, person in (result or {}).get("persons", {}).items():
        for kind in ("status", "outcomes"):
            for key, value in person[kind].items():
                if value in UNSETTLED:
                    which = [asked[p] for p in asked if doubled.flips_item(p, pid, key)]
                    if which:
                        turns_on[(pid, key)] = which
    return OpenFacts(list(asked.items()), len(axes) - len(asked), turns_on=turns_on)
