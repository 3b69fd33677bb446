"""GC III arts 109(2), 111: internment in a neutral country during hostilities
(rules/outcomes.lp, gc3_repatriation.lp). Legal brief §1.8, expectation 9.
"""

import pytest

from rulecase import person, run, scenario, set_path, verdict

ASKS_ROK = dict(wish="rok")


def test_111_neutral_internment_permitted_never_required():
    """The ROK is no party, willing to take in those who ask, no risk there; he asks: internment
    there until hostilities end may be agreed, but is never owed (expectation 9)."""
    assert verdict(run(scenario(person(**ASKS_ROK))), "intern_neutral:rok") == "permitted"


@pytest.mark.parametrize("path,value", [
    ("states.rok.willing_to_receive", False),        # the neutral does not agree
    ("states.rok.acknowledges_participation", True),  # a party to the conflict is not neutral
    ("persons.0.risk_on_return.rok", "substantial"),  # non-refoulement
    ("persons.0.wish", "stay"),                       # its declared willingness covers those who ask
])
def test_111_each_condition_matters(path, value):
    data = set_path(scenario(person(**ASKS_ROK)), path, value)
    assert verdict(run(data), "intern_neutral:rok") == "forbidden"


def test_109_2_no_neutral_internment_after_hostilities():
    """Internment in a neutral country lasts until hostilities end; afterwards art. 118 governs."""
    assert "intern_neutral:rok" not in run(scenario(person(**ASKS_ROK), ended=True))["outcomes"]


def test_109_2_only_other_states_than_captor_origin_and_the_side_he_served():
    keys = run(scenario(person(**ASKS_ROK)))["outcomes"]
    assert {"intern_neutral:ua", "intern_neutral:dprk", "intern_neutral:ru"}.isdisjoint(keys)


def test_109_2_only_for_those_protected_as_pows():
    """A civilian detainee is not a prisoner of war to be interned in a neutral country."""
    res = run(scenario(person(armed_forces="none", fought_for="none", **ASKS_ROK)))
    assert "intern_neutral:rok" not in res["outcomes"]
