"""The questions ``status-engine new`` and the workbench ask, and the file their answers make.

One place decides which questions are asked, so the terminal and the web page cannot drift:
only those whose answers can change a result (no GC III art. 4A(2) questions for a regular
soldier of a party, whom art. 4A(1) decides; no verification for a man who wishes to go
home; no charge without proceedings), each offering ``unknown`` where the format allows it.

The questions are a function of the answers so far (``questions``): a caller asks the first
unanswered one (``next_question``), or shows them all and asks again when an answer changes.
``scenario_text`` turns the answers into the commented file; the caller checks it is valid.
No legal conclusion lives here, only which facts the format has and which can matter.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from ...errors import Problem

ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SCENARIO_ID = re.compile(r"[a-z][a-z0-9_-]*")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_PERSONS = 200  # persons the questions run to (a web request cannot make them run forever)
CONDITIONS_4A2 = (("responsible_command", "commanded by a person responsible for subordinates"),
                  ("distinctive_sign", "wearing a fixed distinctive sign"),
                  ("arms_openly", "carrying arms openly"),
                  ("laws_of_war", "respecting the laws and customs of war"))
STATE_KEYS = ("origin", "armed_forces", "incorporated_into", "fought_for", "captured_by", "wish")
NOT_STATES = ("unknown", "none", "origin", "stay", "undecided")


@dataclass(frozen=True)
class Question:
    """One question: its answer key, its prompt, its default and what it accepts."""

    key: str  # "id", "as_of", "persons.0.wish", "persons.0.conditions_4a2.arms_openly", "persons.0.more"
    text: str
    default: Optional[str]  # None: an answer is needed
    words: tuple[str, ...] = ()  # accepted words (besides a state id or a date when allowed)
    state: bool = False  # a state id is accepted
    date: bool = False  # a date YYYY-MM-DD is accepted
    kind: str = "choice"  # choice | free (any text, empty skips it) | id | scenario_id | parties
    comment: str = ""  # the comment written beside the answer in the file
    group: str = "Scenario"  # "Scenario" or "Person N": where the question belongs

    def why_not(self, answer: str) -> Optional[str]:
        """Why ``answer`` is refused, in the contract's words; None when it is accepted."""
        if self.kind == "free":
            return None
        if self.kind == "id":
            return None if ID.match(answer) else \
                "an id starts with a lowercase letter, then lowercase letters, digits or _"
        if self.kind == "scenario_id":
            return None if SCENARIO_ID.fullmatch(answer) else \
                "the id starts with a lowercase letter, then lowercase letters, digits, _ or -"
        if self.kind == "parties":
            return None if answer and all(ID.match(x.strip()) for x in answer.split(",")) else \
                "state ids such as ru, ua, separated by commas"
        if answer in self.words or (self.state and ID.match(answer) and answer not in ("true", "false")) \
                or (self.date and is_date(answer)):
            return None
        options = (["a state id (e.g. ru)"] if self.state else []) + (["a date YYYY-MM-DD"] if self.date else []) \
            + list(self.words)
        return f"`{answer}` is not " + " or ".join(options)

    def to_dict(self) -> dict[str, Any]:
        """What a web page needs to ask it (the check runs on the server)."""
        return {"key": self.key, "text": self.text, "default": self.default, "words": list(self.words),
                "state": self.state, "date": self.date, "kind": self.kind, "group": self.group}


def is_date(text: str) -> bool:
    try:
        return bool(_DATE.match(text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def as_text(value: Any) -> str:
    """A default read from an existing file (a bool, a date, None) as the user would type it."""
    if value is True or value is False:
        return str(value).lower()
    if value is None:
        return "null"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _prior(data: Mapping[str, Any], key: str, default: Any) -> Any:
    value = data.get(key, default)
    return value.get("value", default) if isinstance(value, dict) else value


def _list(value: Any) -> list[Any]:
    """A list from an existing file, or none: a malformed file offers no defaults, it does not fail."""
    return value if isinstance(value, list) else []


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _default(value: Any) -> Optional[str]:
    return None if value is None else as_text(value)


def questions(answers: Mapping[str, str], old: Mapping[str, Any] | None = None, default_id: str = "scenario",
              today: dt.date | None = None) -> list[Question]:
    """Every question to ask given ``answers`` so far (a question not yet answered counts as its default).

    ``old`` is an existing scenario whose answers are offered as defaults (``new --from``).
    """
    old = old if isinstance(old, Mapping) else {}
    found = old.get("conflict")
    conflict: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    out = [Question("id", "Scenario id (lowercase letters, digits, _ or -)", _default(old.get("id", default_id)),
                    kind="scenario_id"),
           Question("title", "Title (optional)", _default(old.get("title", "")), kind="free"),
           Question("as_of", "Evaluation date (YYYY-MM-DD)", _default(old.get("as_of", today or dt.date.today())),
                    date=True, comment="events after it are ignored"),
           Question("kind", "Kind of conflict (international | non_international | unknown)",
                    _default(_prior(conflict, "kind", "international")),
                    ("international", "non_international", "unknown")),
           Question("parties", "Parties to the conflict from its start (state ids, comma separated)",
                    ", ".join(str(p) for p in _list(conflict.get("parties"))) or None, kind="parties"),
           Question("hostilities_ended", "Date active hostilities ended (YYYY-MM-DD | null while they go on | "
                    "unknown)", _default(_prior(conflict, "hostilities_ended", None) or "null"),
                    ("null", "unknown"), date=True)]
    parties = [x.strip() for x in _value(out[4], answers).split(",")]
    old_persons = [p for p in _list(old.get("persons")) if isinstance(p, Mapping)]
    for n in range(MAX_PERSONS):
        person = _person(n, parties, old_persons[n] if n < len(old_persons) else {}, answers)
        more = Question(f"persons.{n}.more", "Another person? (y | n)", "y" if n + 1 < len(old_persons) else "n",
                        ("y", "n", "yes", "no"), group=f"Person {n + 1}")
        out += person + [more]
        if _value(more, answers)[:1] != "y":
            break
    return out


def _value(q: Question, answers: Mapping[str, str]) -> str:
    value = answers.get(q.key, q.default)
    return "" if value is None else value


def _person(n: int, parties: list[str], old: Mapping[str, Any], answers: Mapping[str, str]) -> list[Question]:
    """The questions about person ``n``, asking only what can change his result."""
    group, at = f"Person {n + 1}", f"persons.{n}."
    out: list[Question] = []

    def q(key: str, text: str, default: Any, words: tuple[str, ...] = (), comment: str = "", **kw: Any) -> str:
        prior = kw.pop("prior", None)
        value = _prior(old, key, default) if prior is None else prior
        out.append(Question(at + key, text, _default(value), words, comment=comment, group=group, **kw))
        return _value(out[-1], answers)

    q("id", "Id (lowercase letters, digits, _)", None, kind="id", comment="unique in the file",
      prior=old.get("id", f"p{n + 1}"))
    q("label", "Display name (optional, Enter to skip)", None, kind="free", prior=old.get("label", ""))
    origin = q("origin", "State of origin (state id | unknown)", "unknown", ("unknown",), "state of nationality",
               state=True)
    forces = q("armed_forces", "Whose regular armed forces is he a member of (state id | none | unknown)", "unknown",
               ("none", "unknown"), "art. 4A(1)", state=True)
    regular = forces in parties
    if not regular and forces != "none":
        q("incorporated_into", "Formally incorporated into another state's forces (state id | none | unknown)",
          "unknown", ("none", "unknown"), "AP I art. 43", state=True)
    q("fought_for", "Party on whose side he fought (state id | none | unknown)",
      forces if forces != "none" else "unknown", ("none", "unknown"), state=True)
    if not regular:  # art. 4A(2) matters only outside a party's regular forces
        for key, text in CONDITIONS_4A2:
            q(f"conditions_4a2.{key}", f"Was his unit {text}? (true | false | unknown)", None,
              ("true", "false", "unknown"), "GC III art. 4A(2)",
              prior=_map(old.get("conditions_4a2")).get(key, "unknown"))
    q("captured_by", "Detaining state (state id | unknown)", "unknown", ("unknown",), state=True)
    q("captured_on", "Date of capture (YYYY-MM-DD | unknown)", "unknown", ("unknown",), date=True)
    wish = q("wish", "Where does he wish to go (origin | state id | stay | undecided | unknown)", "unknown",
             ("origin", "stay", "undecided", "unknown"), state=True)
    if wish != "origin":
        q("wish_verified", "Verified by the ICRC or a neutral body in a private interview? (true | false | unknown)",
          "false", ("true", "false", "unknown"))
        if origin != "unknown":
            q(f"risk_on_return.{origin}", f"Risk of serious harm if returned to {origin} (substantial | none | "
              "unknown)", None, ("substantial", "none", "unknown"), "non-refoulement",
              prior=_map(old.get("risk_on_return")).get(origin, "unknown"))
    proceedings = q("proceedings", "Criminal proceedings in the detaining state (none | pending | convicted | "
                    "unknown)", "none", ("none", "pending", "convicted", "unknown"))
    if proceedings != "none":
        q("charge", "What for (war_crime | ordinary_crime | participation_only | unknown)", "unknown",
          ("war_crime", "ordinary_crime", "participation_only", "unknown"))
    q("seriously_wounded", "Seriously wounded or sick? (true | false | unknown)", "false",
      ("true", "false", "unknown"), "GC III art. 110")
    return out


def next_question(answers: Mapping[str, str], old: Mapping[str, Any] | None = None, default_id: str = "scenario",
                  today: dt.date | None = None) -> Optional[Question]:
    """The first question not yet answered, or None when every question that matters is answered."""
    return next((q for q in questions(answers, old, default_id, today) if q.key not in answers), None)


def problems(answers: Mapping[str, str], asked: list[Question], source: str = "<answers>") -> list[Problem]:
    """Every refused or missing answer among ``asked``, each located by its question's key."""
    out = []
    for q in asked:
        value = answers.get(q.key, q.default)
        why = "no answer (this question has no default)" if value is None else q.why_not(value.strip())
        if why:
            out.append(Problem(source, None, None, q.key, f"{q.text}: {why}", _expected(q)))
    return out


def _expected(q: Question) -> str:
    if q.kind == "parties":
        return "state ids such as ru, ua, separated by commas"
    if q.kind in ("id", "scenario_id"):
        return "an id such as p1"
    return " | ".join((["a state id"] if q.state else []) + (["YYYY-MM-DD"] if q.date else []) + list(q.words))


def _scalar(text: str) -> str:
    """An answer as a YAML scalar: ids, dates and words plain, free text quoted."""
    return text if re.fullmatch(r"[a-z0-9][a-z0-9_-]*|[0-9-]+", text) else json.dumps(text, ensure_ascii=False)


Line = tuple[str, str, str]  # (key, value, comment) of one line of the file


def scenario_text(answers: Mapping[str, str], asked: list[Question], schema: str,
                  today: dt.date | None = None) -> str:
    """The commented scenario file the answers make, with the editor's schema line first."""
    value = {q.key: (answers.get(q.key, q.default) or "").strip() for q in asked}
    head: list[Line] = [("id", value["id"], "")]
    if value["title"]:
        head.append(("title", value["title"], ""))
    head.append(("as_of", value["as_of"], "events after it are ignored"))
    persons: list[list[Line]] = []
    for q in asked:
        if not q.key.startswith("persons."):
            continue
        n, key = q.key.split(".", 2)[1:]
        while len(persons) <= int(n):
            persons.append([])
        if key != "more" and not (q.kind == "free" and not value[q.key]):
            persons[int(n)].append((key, value[q.key], q.comment))
    parties = [x.strip() for x in value["parties"].split(",")]
    return _text(head, value["kind"], parties, value["hostilities_ended"], persons, schema, today)


def _text(head: list[Line], kind: str, parties: list[str], ended: str, persons: list[list[Line]], schema: str,
          today: dt.date | None) -> str:
    states = sorted({*parties, *(v for p in persons for k, v, _ in p if k in STATE_KEYS and v not in NOT_STATES),
                     *(k.split(".")[1] for p in persons for k, _, _ in p if k.startswith("risk_on_return."))})
    out = [f"# yaml-language-server: $schema={schema}",
           f"# Written by `status-engine new` on {(today or dt.date.today()).isoformat()}. `unknown` = not "
           "established:",
           "# the engine explores every possible value. Every key: docs/format.md.",
           "format: status-engine/v1"]
    out += [f"{k}: {_scalar(v)}" + (f"  # {c}" if c else "") for k, v, c in head]
    out += ["conflict:", f"  kind: {kind}"]
    return "\n".join(out + _body(parties, ended, states, persons)) + "\n"


def _body(parties: list[str], ended: str, states: list[str], persons: list[list[Line]]) -> list[str]:
    out = [f"  parties: [{', '.join(parties)}]", f"  hostilities_ended: {ended}",
           "states:  # a state id that is an ISO code (ru, ua) or rok/dprk/prc/roc brings what is known of it"]
    out += [f"  {sid}: {{}}" for sid in states]
    out.append("persons:")
    for person in persons:
        first = True
        groups: dict[str, list[Line]] = {}
        for key, value, comment in person:
            if "." in key:
                group, sub = key.split(".", 1)
                groups.setdefault(group, []).append((sub, value, comment))
                continue
            out.append(("  - " if first else "    ") + f"{key}: {_scalar(value)}" + (f"  # {comment}" if comment else ""))
            first = False
        for group, items in groups.items():
            out.append(f"    {group}:")
            out += [f"      {sub}: {_scalar(v)}" + (f"  # {c}" if c else "") for sub, v, c in items]
    return out
