"""GC III arts 109(2), 111: internment in a neutral country during hostilities
(rules/outcomes.lp, gc3_repatriation.lp). Legal brief §1.8, expectation 9.
"""

import pytest

from rulecase import person, run, scenario, set_path, verdict

ASKS_ROK = dict(wish="rok")
# Türkiye-2022-like: the detaining power, the Power on which he depends and the neutral agree.
INTERNMENT = {"id": "neutral_111", "kind": "neutral_internment", "parties": ["ua", "dprk", "xx"],
              "custodian": "xx", "from": "2026-01-01"}


def agreed(p=None, **agreement):
    data = scenario(p or person())
    data["agreements"] = [dict(INTERNMENT, **agreement)]
    return data


def test_111_neutral_internment_by_agreement_of_the_three_powers_permitted_never_required():
    """Art. 111: the three Powers have agreed; internment there until hostilities end is permitted,
    never owed (expectation 9)."""
    assert verdict(run(agreed()), "intern_neutral:xx") == "permitted"


def test_111_willingness_to_take_in_those_who_ask_is_no_agreement_to_intern_pows():
    """Review A.4, A.15: Seoul's offer to take defectors is no art. 111 agreement."""
    assert verdict(run(scenario(person(**ASKS_ROK))), "intern_neutral:rok") == "forbidden"


def test_111_needs_no_consent_of_the_prisoner():
    """Review A.4: art. 111 sets no condition of the prisoner's wish; only non-refoulement limits it."""
    assert verdict(run(agreed(person(wish="stay"))), "intern_neutral:xx") == "permitted"


@pytest.mark.parametrize("path,value", [
    ("states.xx.acknowledges_participation", True),   # a party to the conflict is not neutral
    ("persons.0.risk_on_return.xx", "substantial"),   # non-refoulement
])
def test_111_each_condition_matters(path, value):
    data = set_path(agreed(), path, value)
    assert verdict(run(data), "intern_neutral:xx") == "forbidden"


def test_111_needs_the_power_on_which_he_depends_as_a_party_to_the_agreement():
    """Review A.15: without the DPRK's agreement the internment is not permitted."""
    assert verdict(run(agreed(parties=["ua", "xx"])), "intern_neutral:xx") == "forbidden"


def test_111_agreement_not_covering_him_does_not_help():
    assert verdict(run(agreed(persons=[])), "intern_neutral:xx") == "forbidden"


def test_109_2_no_neutral_internment_after_hostilities():
    """Internment in a neutral country lasts until hostilities end; afterwards art. 118 governs."""
    assert "intern_neutral:rok" not in run(scenario(person(**ASKS_ROK), ended=True))["outcomes"]


def test_109_2_only_other_states_than_captor_origin_and_the_side_he_served():
    keys = run(scenario(person(**ASKS_ROK)))["outcomes"]
    assert {"intern_neutral:ua", "intern_neutral:dprk", "intern_neutral:ru"}.isdisjoint(keys)


def test_109_2_only_for_those_protected_as_pows():
    """A civilian detainee is not a prisoner of war to be interned in a neutral country."""
    res = run(agreed(person(armed_forces="none", fought_for="none", **ASKS_ROK)))
    assert "intern_neutral:xx" not in res["outcomes"]
