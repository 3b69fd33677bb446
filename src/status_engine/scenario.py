"""The scenario file, format ``status-engine/v1``, as pydantic models.

The models are the public contract of SCENARIO-FORMAT.md section 1 plus documented,
optional extensions.  They validate shape and vocabulary; cross references (declared
state ids, unique person ids, known positions) are checked by ``check_references``
because they need the whole file.  A fact may be written plain or as an evidence
object ``{value, evidence, source}``; either way the model stores a ``Fact`` so that
evidence travels into explanations.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Annotated, Any, Literal, NamedTuple, Optional

# pydantic scans every installed package for plugins the first time a model is built
# (about 20 ms of a cold start); this process uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WrapValidator
from pydantic_core import PydanticCustomError

from . import FORMAT

# Matched with fullmatch: re's `$` also matches before a final newline, and "ri\n" is not
# the id "ri" (pydantic's regex engine reads `$` as the end of the text).
ScenarioId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
IDENT_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # fromisoformat also takes 20250203 and 2025-W05-1

# Values that carry a meaning of their own and so cannot be used as ids.
RESERVED_IDS = frozenset({"unknown", "none", "origin", "stay", "undecided", "true", "false"})
UNKNOWN = "unknown"


class Fact(NamedTuple):
    """A fact's value with the evidence the scenario gives for it (a tuple: cheap to make)."""

    value: Any
    evidence: Optional[str] = None
    source: Optional[str] = None

    @property
    def unknown(self) -> bool:
        return self.value == UNKNOWN


_EVIDENCE_KEYS = {"value", "evidence", "source"}


def _fact(value: Any, handler: Any) -> Fact:
    """Accept a plain value or an evidence object; validate the value itself."""
    if value.__class__ is not dict:
        return value if value.__class__ is Fact else Fact(handler(value))
    extra = sorted(set(value) - _EVIDENCE_KEYS)
    if extra:
        raise PydanticCustomError(
            "evidence_keys",
            "unknown key {keys} in an evidence object (allowed: value, evidence, source)",
            {"keys": ", ".join(extra)},
        )
    if "value" not in value:
        raise PydanticCustomError("evidence_value", "an evidence object needs a `value`")
    for k in ("evidence", "source"):
        if value.get(k) is not None and not isinstance(value[k], str):
            raise PydanticCustomError("evidence_text", "`{k}` must be text", {"k": k})
    return Fact(handler(value["value"]), value.get("evidence"), value.get("source"))


def F(inner: Any) -> Any:
    """A fact field: ``inner`` plain or as an evidence object."""
    return Annotated[inner, WrapValidator(_fact)]


def _ident(value: str) -> str:
    if not IDENT_RE.fullmatch(value):
        raise PydanticCustomError(
            "ident", "{value} is not a valid id: a lowercase letter, then lowercase letters, digits or _",
            {"value": repr(value)},
        )
    return value


Ident = Annotated[str, AfterValidator(_ident), Field(json_schema_extra={"pattern": IDENT_RE.pattern})]


def _id_or(*specials: str) -> Any:
    """An id, or one of the words with a meaning of their own (``unknown``, ``none``...)."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError("id_or", "{value} is not a state id or one of: {words}",
                                      {"value": repr(value), "words": ", ".join(specials)})
        if value in specials:
            return value
        if value in RESERVED_IDS or not IDENT_RE.fullmatch(value):
            raise PydanticCustomError("id_or", "{value} is not a state id or one of: {words}",
                                      {"value": repr(value), "words": ", ".join(specials)})
        return value

    return Annotated[str, BeforeValidator(check)]


def _date_or(*specials: Any) -> Any:
    def check(value: Any) -> Any:
        if value in specials or isinstance(value, dt.date):
            return value
        if isinstance(value, str) and DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        words = ", ".join("null" if s is None else str(s) for s in specials)
        raise PydanticCustomError("date_or", "{value} is not a date (YYYY-MM-DD) or one of: {words}",
                                  {"value": repr(value), "words": words})

    return Annotated[Any, BeforeValidator(check)]


Bool3 = Literal[True, False, "unknown"]
StateRef = _id_or("unknown")
StateOrNone = _id_or("unknown", "none")
WishValue = _id_or("unknown", "origin", "stay", "undecided")
Risk = Literal["substantial", "none", "unknown"]


def U() -> Fact:
    return Fact(UNKNOWN)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


Instrument = Literal["ap1", "cat", "iccpr", "echr", "refugee_1951", "refugee_1967"]
IsoCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class State(Model):
    """A state.  Facts left out take what the treaty registry knows of an identified state
    (``iso:``, or an id such as ``ua`` or ``rok``) on the evaluation date, else the default
    shown; a fact the file states always wins (``model_fields_set`` tells which it stated)."""

    name: Optional[str] = None
    acknowledges_participation: F(Bool3) = Field(default_factory=U)
    willing_to_receive: F(Bool3) = Field(default_factory=U)
    # Extensions (documented in README "Format extensions").
    iso: Optional[IsoCode] = None
    korea: F(Literal["rok", "dprk", "none", "unknown"]) = Field(default_factory=lambda: Fact("none"))
    gc3_party: F(Bool3) = Field(default_factory=lambda: Fact(True))
    recognised_by_detainer: F(Bool3) = Field(default_factory=lambda: Fact(True))
    reserves_gc3_85: F(Bool3) = Field(default_factory=lambda: Fact(False))
    reserves_gc3_12: F(Bool3) = Field(default_factory=lambda: Fact(False))
    declares_118_will: F(Bool3) = Field(default_factory=lambda: Fact(False))
    # default: true for a state in `conflict.parties`, unknown for any other
    forces_participate: F(Bool3) = Field(default_factory=U)
    # its forces take part only as units incorporated into another Party's forces
    forces_incorporated: F(Bool3) = Field(default_factory=lambda: Fact(False))
    treaties: dict[Instrument, F(Bool3)] = Field(default_factory=dict)


class Conflict(Model):
    kind: F(Literal["international", "non_international", "unknown"]) = Field(default_factory=U)
    parties: list[Ident] = Field(default_factory=list)
    hostilities_ended: F(_date_or(None, "unknown")) = Field(default_factory=lambda: Fact(None))


class Conditions4A2(Model):
    """GC III art. 4A(2)(a)-(d); each default unknown."""

    responsible_command: F(Bool3) = Field(default_factory=U)
    distinctive_sign: F(Bool3) = Field(default_factory=U)
    arms_openly: F(Bool3) = Field(default_factory=U)
    laws_of_war: F(Bool3) = Field(default_factory=U)


class DefectorsActArt9(Model):
    """Extension: facts for the grounds on which protection may be refused (default false)."""

    international_crime: F(Bool3) = Field(default_factory=lambda: Fact(False))
    serious_crime: F(Bool3) = Field(default_factory=lambda: Fact(False))
    disguised_escape: F(Bool3) = Field(default_factory=lambda: Fact(False))
    sojourn_10_years: F(Bool3) = Field(default_factory=lambda: Fact(False))
    late_application: F(Bool3) = Field(default_factory=lambda: Fact(False))
    diplomatic_difficulty: F(Bool3) = Field(default_factory=lambda: Fact(False))


class Person(Model):
    id: Ident
    label: Optional[str] = None
    origin: F(StateRef) = Field(default_factory=U)
    armed_forces: F(StateOrNone) = Field(default_factory=U)
    incorporated_into: F(StateOrNone) = Field(default_factory=U)
    fought_for: F(StateOrNone) = Field(default_factory=U)
    captured_by: F(StateRef) = Field(default_factory=U)
    captured_on: F(_date_or("unknown")) = Field(default_factory=U)
    conditions_4a2: Conditions4A2 = Field(default_factory=Conditions4A2)
    wish: F(WishValue) = Field(default_factory=U)
    wish_verified: F(Bool3) = Field(default_factory=U)
    risk_on_return: dict[Ident, F(Risk)] = Field(default_factory=dict)
    proceedings: F(Literal["none", "pending", "convicted", "unknown"]) = Field(default_factory=lambda: Fact("none"))
    seriously_wounded: F(Bool3) = Field(default_factory=lambda: Fact(False))
    # Extensions (documented in README "Format extensions").
    foreign_nationality: F(Bool3) = Field(default_factory=lambda: Fact(False))
    claims_pow: F(Bool3) = Field(default_factory=lambda: Fact(False))
    tribunal_decision: F(Literal["none", "pow", "not_pow", "unknown"]) = Field(default_factory=lambda: Fact("none"))
    recruited_for_gain: F(Bool3) = Field(default_factory=lambda: Fact(False))
    war_crime_suspect: F(Bool3) = Field(default_factory=lambda: Fact(False))
    failed_to_distinguish: F(Bool3) = Field(default_factory=lambda: Fact(False))
    applied_for_protection: F(Bool3) = Field(default_factory=lambda: Fact(False))
    # AP I art. 43(1): the Party whose command his unit is under (state id | none | unknown).
    under_command_of: F(StateOrNone) = Field(default_factory=U)
    # What the proceedings against him are for (read only when proceedings is not none).
    charge: F(Literal["war_crime", "ordinary_crime", "participation_only", "unknown"]) = Field(
        default_factory=lambda: Fact("ordinary_crime"))
    defectors_act_art9: DefectorsActArt9 = Field(default_factory=DefectorsActArt9)


class Event(Model):
    on: dt.date
    set: dict[str, Any] = Field(min_length=1)
    note: Optional[str] = None


StatusModality = Literal["necessary", "possible"]
Verdict = Literal["required", "permitted", "forbidden", "depends"]


class PersonExpectation(Model):
    status: dict[str, StatusModality] = Field(default_factory=dict)
    outcomes: dict[str, Verdict] = Field(default_factory=dict)


class Agreement(Model):
    """A special agreement between Powers (GC III arts 6, 109(2), 111, 118(2)), in force
    from ``from`` until ``until`` (inclusive); ``persons`` omitted means every person."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: Ident
    kind: Literal["exchange", "neutral_internment", "custody", "repatriation"]
    parties: list[Ident] = Field(default_factory=list)
    custodian: Optional[Ident] = None
    persons: Optional[list[Ident]] = None
    from_: dt.date = Field(alias="from")
    until: Optional[dt.date] = None
    note: Optional[str] = None

    def in_force(self, date: dt.date) -> bool:
        return self.from_ <= date and (self.until is None or date <= self.until)


class Scenario(Model):
    format: Literal["status-engine/v1"]
    id: ScenarioId
    title: Optional[str] = None
    as_of: Optional[dt.date] = None
    conflict: Conflict = Field(default_factory=Conflict)
    states: dict[Ident, State] = Field(default_factory=dict)
    persons: list[Person] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    positions: dict[Ident, Ident] = Field(default_factory=dict)
    expect: dict[Ident, PersonExpectation] = Field(default_factory=dict)


assert FORMAT == "status-engine/v1"

# Sub-models whose every field is a fact, and the maps keyed by state id.
FACT_GROUPS = {"conditions_4a2": Conditions4A2, "defectors_act_art9": DefectorsActArt9}
NOT_FACTS = {"id", "label", "name", "iso"}
