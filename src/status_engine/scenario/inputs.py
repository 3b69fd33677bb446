"""Every input of the rules, declared once: the scenario's vocabulary as a table.

Each row says where a fact stands in a scenario file (its path pattern, the name a
``set:`` event or ``--set`` uses), the values the file may write, what an omitted fact
is taken to be, and the key of the ``fact(Key, Value)`` atom the rules read it under
(``rules/inputs.lp`` maps each key to the atoms the legal rules use).  The scenario
models take their defaults and value types from here, ``validate.resolve`` matches
``--set`` paths against the patterns, the JSON Schema takes descriptions and examples,
``facts`` the key each path becomes, and the what-if tools their short names.  The
table holds vocabulary, not law: which value decides what is in ``rules/``.

Placeholders in a pattern stand for one path segment: ``<id>`` a declared state or
person id, ``<state>`` a declared state id, ``<question>`` a contested question of the
rule base, ``<instrument>``, ``<condition>``, ``<ground>`` and ``<agreement>`` the names
listed in the row's ``parts``.  ``tests/contract/test_inputs.py`` checks that the rules
read exactly the keys declared here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Optional

UNKNOWN = "unknown"

Domain = Literal["bool", "enum", "state", "state_or_none", "wish", "date", "position", "agreement"]

# The words a domain accepts besides a declared id (``unknown``: not established).
ID_WORDS: dict[str, tuple[str, ...]] = {
    "state": (UNKNOWN,),
    "state_or_none": (UNKNOWN, "none"),
    "wish": (UNKNOWN, "origin", "stay", "undecided"),
}

INSTRUMENTS = ("ap1", "cat", "iccpr", "echr", "refugee_1951", "refugee_1967")
CONDITIONS_4A2 = ("responsible_command", "distinctive_sign", "arms_openly", "laws_of_war")
ART9_GROUNDS = ("international_crime", "serious_crime", "disguised_escape", "sojourn_10_years",
                "late_application", "diplomatic_difficulty")


@dataclass(frozen=True)
class Input:
    """One input: where the file states it, what it may be, what the rules read."""

    path: str  # e.g. persons.<id>.wish
    key: Optional[str]  # e.g. person(<id>, wish); None: kept for warnings, no rule reads it
    domain: Domain
    values: tuple[str, ...] = ()  # enum: the words the file may write, besides unknown
    default: Any = UNKNOWN  # what an omitted fact is taken to be
    description: str = ""
    example: Any = None
    default_note: str = ""  # when the default depends on other facts (said in the schema)
    parts: tuple[str, ...] = ()  # the names the last placeholder may take (instruments, conditions)
    rule_values: tuple[str, ...] = ()  # the key's values in the rules when they differ from the file's
    mapping: bool = False  # a map in the file (``risk_on_return: {dprk: substantial}``), not a group of fields

    @property
    def section(self) -> str:
        """``persons``, ``states``, ``conflict`` or ``positions``."""
        return self.path.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The model field the fact is stored in: ``wish``, ``conditions_4a2``, ``treaties``."""
        segments = self.path.split(".")
        return segments[2] if self.section in ("persons", "states") else segments[1]

    @property
    def name(self) -> str:
        """The last segment of the path: ``wish``, ``<condition>``."""
        return self.path.rsplit(".", 1)[1]

    @property
    def grouped(self) -> bool:
        """A fact inside a group or map of a person or state (``conditions_4a2.<condition>``)."""
        return self.section in ("persons", "states") and self.path.count(".") == 3

    @property
    def key_name(self) -> str:
        """The name the rules use for it (``RuleBook.reads`` asks about this word): ``wish``, ``cond``."""
        if self.key is None:
            return ""
        inner = key_parts(self.key)[-1]
        return self.key.split("(", 1)[0] if PLACEHOLDER.fullmatch(inner) else inner.split("(", 1)[0]


def key_parts(key: str) -> list[str]:
    """``person(<id>, cond(<condition>))`` -> ``['<id>', 'cond(<condition>)']`` (top-level arguments)."""
    inner = key[key.index("(") + 1:-1]
    out, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    return out + [cur.strip()]


def _b(path: str, key: Optional[str], default: Any, description: str, example: Any = True, **kw: Any) -> Input:
    return Input(path, key, "bool", default=default, description=description, example=example, **kw)


def _e(path: str, key: str, values: tuple[str, ...], default: Any, description: str, example: Any) -> Input:
    return Input(path, key, "enum", values, default, description, example)


# In the order of the scenario models (the JSON Schema lists keys in this order).
TABLE: tuple[Input, ...] = (
    # --- the conflict
    _e("conflict.kind", "conflict(kind)", ("international", "non_international"), UNKNOWN,
       "The kind of the armed conflict.", "international"),
    Input("conflict.hostilities_ended", "conflict(hostilities)", "date", default=None,
          description="The date active hostilities ended, null while they go on; on a date the rules see "
                      "them as ended or ongoing.", example=None, rule_values=("ongoing", "ended")),
    # --- contested legal questions
    Input("positions.<question>", "position(<question>)", "position",
          description="A position pinned on a contested legal question; an unpinned question is explored.",
          example="will_based"),
    # --- states
    _b("states.<id>.acknowledges_participation", "state(<id>, acknowledges)", UNKNOWN,
       "Whether the state acknowledges that its forces take part in the conflict."),
    _b("states.<id>.willing_to_receive", "state(<id>, willing)", UNKNOWN,
       "Whether the state declares it will receive those who wish to go there."),
    _e("states.<id>.korea", "state(<id>, korea)", ("rok", "dprk", "none"), "none",
       "Which Korea the state is, if either.", "rok"),
    _b("states.<id>.gc3_party", "state(<id>, gc3_party)", True, "Whether the state is a party to GC III."),
    _b("states.<id>.recognised_by_detainer", "state(<id>, recognised)", True,
       "Whether the detaining state recognises the state."),
    _b("states.<id>.reserves_gc3_85", "state(<id>, reserves_gc3_85)", False,
       "Whether the state maintains its reservation on prisoners prosecuted for acts before capture."),
    _b("states.<id>.reserves_gc3_12", "state(<id>, reserves_gc3_12)", False,
       "Whether the state maintains its reservation on the transfer of prisoners to another Power."),
    _b("states.<id>.declares_118_will", "state(<id>, declares_118_will)", False,
       "Whether the state has declared that it repatriates prisoners according to their will."),
    _b("states.<id>.forces_participate", "state(<id>, forces_participate)", UNKNOWN,
       "Whether the state's armed forces take part in the hostilities.",
       default_note="true for a state in conflict.parties, else unknown"),
    _b("states.<id>.forces_incorporated", "state(<id>, forces_incorporated)", False,
       "Whether the state's forces take part only as units incorporated into another Party's forces."),
    _b("states.<id>.treaties.<instrument>", "state(<id>, bound(<instrument>))", UNKNOWN,
       "Whether the instrument binds the state on the evaluation date; omitted, the treaty registry's "
       "answer for an identified state.", example={"cat": True, "refugee_1951": False}, parts=INSTRUMENTS,
       mapping=True),
    # --- persons
    Input("persons.<id>.origin", "person(<id>, origin)", "state", description="His state of origin.",
          example=["dprk", "unknown"]),
    Input("persons.<id>.armed_forces", "person(<id>, armed_forces)", "state_or_none",
          description="The state in whose armed forces he serves, or none.", example="dprk"),
    Input("persons.<id>.incorporated_into", "person(<id>, incorporated_into)", "state_or_none",
          description="The state into whose armed forces his unit is incorporated, or none.", example="ru"),
    Input("persons.<id>.fought_for", "person(<id>, fought_for)", "state_or_none",
          description="The party he fought for; none: he took no part in hostilities.", example="ru"),
    Input("persons.<id>.captured_by", "person(<id>, captured_by)", "state",
          description="The state that holds him.", example=["ua"]),
    Input("persons.<id>.captured_on", None, "date",
          description="The date of his capture (used for warnings; no rule reads it).",
          example=["2025-01-09", "unknown"]),
    _b("persons.<id>.conditions_4a2.<condition>", "person(<id>, cond(<condition>))", UNKNOWN,
       "A condition of a militia or volunteer corps that his unit meets.", parts=CONDITIONS_4A2),
    Input("persons.<id>.wish", "person(<id>, wish)", "wish",
          description="Where he wishes to go: a state, origin, stay, or undecided.", example="rok"),
    _b("persons.<id>.wish_verified", "person(<id>, wish_verified)", UNKNOWN,
       "Whether his wish has been verified free of coercion."),
    Input("persons.<id>.risk_on_return.<state>", "person(<id>, risk(<state>))", "enum", ("substantial", "none"),
          description="The risk he faces if returned to the state.", example={"dprk": "substantial"}, mapping=True),
    _e("persons.<id>.proceedings", "person(<id>, proceedings)", ("none", "pending", "convicted"), "none",
       "Penal proceedings against him.", "pending"),
    _b("persons.<id>.seriously_wounded", "person(<id>, seriously_wounded)", False,
       "Whether he is seriously wounded or sick."),
    _b("persons.<id>.foreign_nationality", "person(<id>, foreign_nationality)", False,
       "Whether he is a national of a state other than those he fights for."),
    _b("persons.<id>.claims_pow", "person(<id>, claims_pow)", False,
       "Whether he claims prisoner-of-war status."),
    _e("persons.<id>.tribunal_decision", "person(<id>, tribunal)", ("none", "pow", "not_pow"), "none",
       "What a competent tribunal has decided on his status.", "pow"),
    _b("persons.<id>.recruited_for_gain", "person(<id>, recruited_for_gain)", False,
       "Whether he was recruited for private gain."),
    _b("persons.<id>.war_crime_suspect", "person(<id>, war_crime_suspect)", False,
       "Whether he is suspected of a war crime."),
    _b("persons.<id>.failed_to_distinguish", "person(<id>, failed_to_distinguish)", False,
       "Whether he failed to distinguish himself from civilians while fighting."),
    _b("persons.<id>.applied_for_protection", "person(<id>, applied_for_protection)", False,
       "Whether he has applied for protection."),
    Input("persons.<id>.under_command_of", "person(<id>, under_command_of)", "state_or_none",
          description="The party whose command his unit is under, or none.", example="ru"),
    _e("persons.<id>.charge", "person(<id>, charge)", ("war_crime", "ordinary_crime", "participation_only"),
       "ordinary_crime", "What the proceedings against him are for (read only when there are proceedings).",
       "war_crime"),
    _b("persons.<id>.defectors_act_art9.<ground>", "person(<id>, art9(<ground>))", False,
       "A ground on which the ROK defectors act may refuse protection.", example=False, parts=ART9_GROUNDS),
    # --- derived from agreements: a special agreement in force that covers him (not settable)
    Input("agreements.<agreement>.persons", "person(<id>, covered_by(<agreement>))", "agreement", default=False,
          description="A special agreement in force on the date covers him (from `agreements:`)."),
)

BY_PATH: dict[str, Input] = {row.path: row for row in TABLE}
PLACEHOLDER = re.compile(r"<[a-z_]+>")


def row(path: str) -> Input:
    """The row of a path pattern (``persons.<id>.wish``); KeyError if the table has none."""
    return BY_PATH[path]


def of(section: str, group: str = "") -> list[Input]:
    """The rows of ``persons``/``states`` (plain facts, or those of one group such as ``conditions_4a2``)."""
    out = []
    for r in TABLE:
        if r.section != section or r.domain == "agreement":
            continue
        if group and r.grouped and r.field == group:
            out.append(r)
        elif not group and not r.grouped:
            out.append(r)
    return out


def groups(section: str = "persons") -> dict[str, Input]:
    """Group or map field -> its row: ``conditions_4a2``, ``risk_on_return``, ``treaties``..."""
    return {r.field: r for r in TABLE if r.section == section and r.grouped}


def maps() -> set[str]:
    """The fields that are maps keyed by a state or an instrument (``risk_on_return``, ``treaties``)."""
    return {r.field for r in TABLE if r.mapping}


def facts_of(section: str) -> list[str]:
    """The plain fact fields of persons or states, in the file's words (``wish``, ``korea``)."""
    return [r.field for r in of(section)]


@lru_cache(maxsize=512)
def match(path: str) -> Optional[tuple[Input, tuple[str, ...]]]:
    """The row a concrete path (``persons.ri.wish``) instantiates, with what its placeholders stand for.

    A placeholder whose row lists ``parts`` only takes one of them; ids are checked by the caller.
    """
    segments = path.split(".")
    for r in TABLE:
        if r.domain == "agreement":
            continue
        pattern = r.path.split(".")
        if len(pattern) != len(segments):
            continue
        bound: list[str] = []
        for pat, seg in zip(pattern, segments):
            if PLACEHOLDER.fullmatch(pat):
                bound.append(seg)
            elif pat != seg:
                break
        else:
            return r, tuple(bound)
    return None


def patterns() -> list[str]:
    """The settable path patterns in short, for a message that lists what a path may be:
    ``persons.<id>.<fact>`` stands for every plain fact of a person."""
    out: list[str] = []
    for r in TABLE:
        if r.domain == "agreement":
            continue
        path = f"{r.section}.<id>.<fact>" if r.section in ("persons", "states") and not r.grouped else r.path
        if path not in out:
            out.append(path)
    return out


def short(path: str) -> str:
    """A path without its section where the rest names it (what-if columns):
    ``persons.ri.wish`` -> ``ri.wish``; ``positions.party_status`` -> ``party_status``."""
    for prefix in ("persons.", "positions.", "states."):
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


def file_value(path: str, rule_value: str, as_of: dt.date) -> Any:
    """What to write in the file (or after ``--set``) for the value the rules see.

    A date row the rules read as ended/ongoing becomes ``as_of`` or null; booleans become
    true/false; any other value is written as the rules spell it.
    """
    found = match(path)
    if found is not None and found[0].rule_values == ("ongoing", "ended"):
        return as_of.isoformat() if rule_value == "ended" else None
    return {"true": True, "false": False}.get(rule_value, rule_value)


def default_text(r: Input) -> str:
    """The default in YAML words, as the schema says it."""
    if r.default_note:
        return r.default_note
    if r.default is None:
        return "null"
    return str(r.default).lower() if isinstance(r.default, bool) else str(r.default)
