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
from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError

from .. import FORMAT
from . import inputs

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
        return bool(self.value == UNKNOWN)


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


def value_type(path: str) -> Any:
    """What the file may write for the input at ``path`` (a row of ``inputs.TABLE``)."""
    r = inputs.row(path)
    if r.domain == "bool":
        return Bool3
    if r.domain == "enum":
        return Literal[r.values + (UNKNOWN,)]
    if r.domain in inputs.ID_WORDS:
        return _id_or(*inputs.ID_WORDS[r.domain])
    if r.domain == "date":
        return _date_or(*((None, UNKNOWN) if r.default is None else (UNKNOWN,)))
    raise ValueError(f"{path}: no value type for domain {r.domain}")


class Row:
    """Annotated metadata: validate a fact as the inputs table's row at ``path`` says
    (plain or as an evidence object); the field's type for the type checker is ``Fact``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler.generate_schema(F(value_type(self.path)))


def default(path: str) -> Any:
    """The field default of the input at ``path``: the table's default as a ``Fact``."""
    value = inputs.row(path).default
    return Field(default_factory=lambda: Fact(value))


S, P = "states.<id>.", "persons.<id>."
# The instruments a state's ``treaties:`` may name (the table's parts of that row).
Instrument = Literal[inputs.INSTRUMENTS]  # type: ignore[valid-type]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


IsoCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class State(Model):
    """A state.  Facts left out take what the treaty registry knows of an identified state
    (``iso:``, or an id such as ``ua`` or ``rok``) on the evaluation date, else the default
    shown; a fact the file states always wins (``model_fields_set`` tells which it stated)."""

    name: Optional[str] = None
    acknowledges_participation: Annotated[Fact, Row(S + "acknowledges_participation")] = \
        default(S + "acknowledges_participation")
    willing_to_receive: Annotated[Fact, Row(S + "willing_to_receive")] = default(S + "willing_to_receive")
    # Extensions (documented in README "Format extensions").
    iso: Optional[IsoCode] = None
    korea: Annotated[Fact, Row(S + "korea")] = default(S + "korea")
    gc3_party: Annotated[Fact, Row(S + "gc3_party")] = default(S + "gc3_party")
    recognised_by_detainer: Annotated[Fact, Row(S + "recognised_by_detainer")] = default(S + "recognised_by_detainer")
    reserves_gc3_85: Annotated[Fact, Row(S + "reserves_gc3_85")] = default(S + "reserves_gc3_85")
    reserves_gc3_12: Annotated[Fact, Row(S + "reserves_gc3_12")] = default(S + "reserves_gc3_12")
    declares_118_will: Annotated[Fact, Row(S + "declares_118_will")] = default(S + "declares_118_will")
    forces_participate: Annotated[Fact, Row(S + "forces_participate")] = default(S + "forces_participate")
    forces_incorporated: Annotated[Fact, Row(S + "forces_incorporated")] = default(S + "forces_incorporated")
    treaties: dict[Instrument, Annotated[Fact, Row(S + "treaties.<instrument>")]] = Field(default_factory=dict)


class Conflict(Model):
    kind: Annotated[Fact, Row("conflict.kind")] = default("conflict.kind")
    parties: list[Ident] = Field(default_factory=list)
    hostilities_ended: Annotated[Fact, Row("conflict.hostilities_ended")] = default("conflict.hostilities_ended")


_C, _G = P + "conditions_4a2.<condition>", P + "defectors_act_art9.<ground>"


class Conditions4A2(Model):
    """GC III art. 4A(2)(a)-(d); each default unknown."""

    responsible_command: Annotated[Fact, Row(_C)] = default(_C)
    distinctive_sign: Annotated[Fact, Row(_C)] = default(_C)
    arms_openly: Annotated[Fact, Row(_C)] = default(_C)
    laws_of_war: Annotated[Fact, Row(_C)] = default(_C)


class DefectorsActArt9(Model):
    """Extension: facts for the grounds on which protection may be refused (default false)."""

    international_crime: Annotated[Fact, Row(_G)] = default(_G)
    serious_crime: Annotated[Fact, Row(_G)] = default(_G)
    disguised_escape: Annotated[Fact, Row(_G)] = default(_G)
    sojourn_10_years: Annotated[Fact, Row(_G)] = default(_G)
    late_application: Annotated[Fact, Row(_G)] = default(_G)
    diplomatic_difficulty: Annotated[Fact, Row(_G)] = default(_G)


class Person(Model):
    id: Ident
    label: Optional[str] = None
    origin: Annotated[Fact, Row(P + "origin")] = default(P + "origin")
    armed_forces: Annotated[Fact, Row(P + "armed_forces")] = default(P + "armed_forces")
    incorporated_into: Annotated[Fact, Row(P + "incorporated_into")] = default(P + "incorporated_into")
    fought_for: Annotated[Fact, Row(P + "fought_for")] = default(P + "fought_for")
    captured_by: Annotated[Fact, Row(P + "captured_by")] = default(P + "captured_by")
    captured_on: Annotated[Fact, Row(P + "captured_on")] = default(P + "captured_on")
    conditions_4a2: Conditions4A2 = Field(default_factory=Conditions4A2)
    wish: Annotated[Fact, Row(P + "wish")] = default(P + "wish")
    wish_verified: Annotated[Fact, Row(P + "wish_verified")] = default(P + "wish_verified")
    risk_on_return: dict[Ident, Annotated[Fact, Row(P + "risk_on_return.<state>")]] = Field(default_factory=dict)
    proceedings: Annotated[Fact, Row(P + "proceedings")] = default(P + "proceedings")
    seriously_wounded: Annotated[Fact, Row(P + "seriously_wounded")] = default(P + "seriously_wounded")
    # Extensions (documented in README "Format extensions").
    foreign_nationality: Annotated[Fact, Row(P + "foreign_nationality")] = default(P + "foreign_nationality")
    claims_pow: Annotated[Fact, Row(P + "claims_pow")] = default(P + "claims_pow")
    tribunal_decision: Annotated[Fact, Row(P + "tribunal_decision")] = default(P + "tribunal_decision")
    recruited_for_gain: Annotated[Fact, Row(P + "recruited_for_gain")] = default(P + "recruited_for_gain")
    war_crime_suspect: Annotated[Fact, Row(P + "war_crime_suspect")] = default(P + "war_crime_suspect")
    failed_to_distinguish: Annotated[Fact, Row(P + "failed_to_distinguish")] = default(P + "failed_to_distinguish")
    applied_for_protection: Annotated[Fact, Row(P + "applied_for_protection")] = default(P + "applied_for_protection")
    under_command_of: Annotated[Fact, Row(P + "under_command_of")] = default(P + "under_command_of")
    charge: Annotated[Fact, Row(P + "charge")] = default(P + "charge")
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
FACT_GROUPS: dict[str, type[Model]] = {"conditions_4a2": Conditions4A2, "defectors_act_art9": DefectorsActArt9}
NOT_FACTS = {"id", "label", "name", "iso"}

# Where each model's facts stand in the inputs table.
_ROW_PREFIX: dict[type[BaseModel], str] = {State: S, Person: P, Conflict: "conflict.",
                                           Conditions4A2: _C, DefectorsActArt9: _G}


def row_of(model: type[BaseModel], name: str) -> Optional[inputs.Input]:
    """The inputs table's row of a model's fact field (``Person``, ``wish``), or of a map
    field (``risk_on_return``); None for a field that is no fact (``id``, ``conditions_4a2``)."""
    prefix = _ROW_PREFIX.get(model)
    if prefix is None or name not in model.model_fields:
        return None
    if model in (Conditions4A2, DefectorsActArt9):
        return inputs.row(prefix)
    found = inputs.BY_PATH.get(prefix + name)
    if found is None and prefix != "conflict.":
        found = inputs.groups(prefix.split(".", 1)[0]).get(name)
        return found if found is not None and found.field not in FACT_GROUPS else None
    return found
