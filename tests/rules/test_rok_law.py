"""ROK law (rules/rok_law.lp): Constitution art. 3, 96Nu1221, Nationality Act art. 2,
Defectors Act arts 2, 3, 9. Legal brief §5, expectations 18-20, 25.
"""

import copy

import pytest

from rulecase import person, run, scenario, set_path, status_of


def test_north_korean_is_rok_national_under_rok_law():
    """Constitution art. 3 with 96Nu1221: DPRK origin, no foreign nationality -> ROK national (expectation 18)."""
    assert run(scenario())["status"].get("rok_national") == "necessary"


def test_foreign_nationality_excludes_rok_nationality_rule():
    """Brief §5.3 rule: only without an acquired foreign nationality."""
    assert "rok_national" not in run(scenario(person(foreign_nationality=True)))["status"]


def test_rok_origin_is_rok_national_by_birth():
    """Nationality Act art. 2: national by birth."""
    assert run(scenario(person(origin="rok", armed_forces="ru")))["status"].get("rok_national") == "necessary"


def test_other_origin_is_no_rok_national():
    """A Russian national is not an ROK national."""
    assert "rok_national" not in run(scenario(person(origin="ru", armed_forces="ru")))["status"]


def test_defector_escaped_no_foreign_nationality_wishes_rok_protection():
    """Act arts 2(1) and 3: DPRK origin, outside the North, no foreign nationality, wish for the ROK."""
    assert run(scenario(person(wish="rok")))["status"].get("defector") == "necessary"


@pytest.mark.parametrize("change", [
    dict(wish="origin"),               # art. 3: no expressed wish for ROK protection
    dict(wish="undecided"),
    dict(foreign_nationality=True),    # art. 2(1): foreign nationality acquired (expectation 20)
    dict(origin="ru", armed_forces="ru"),  # not from the North
])
def test_defector_each_condition_matters(change):
    assert "defector" not in run(scenario(person(**dict({"wish": "rok"}, **change))))["status"]


def test_korean_law_reads_state_roles_not_state_ids():
    """Renaming the states changes nothing: the rules know the ROK and the DPRK only by `korea`."""
    data = scenario(person(wish="rok"))
    names = {"dprk": "north", "rok": "south"}
    renamed = copy.deepcopy(data)
    renamed["states"] = {names.get(k, k): v for k, v in data["states"].items()}
    p = renamed["persons"][0]
    for key in ("origin", "armed_forces", "wish"):
        p[key] = names.get(p[key], p[key])
    p["risk_on_return"] = {names.get(k, k): v for k, v in p["risk_on_return"].items()}
    res = run(renamed)
    assert res["status"].get("defector") == "necessary"
    assert res["status"].get("rok_national") == "necessary"
    untagged = set_path(set_path(renamed, "states.north.korea", "none"), "states.south.korea", "none")
    assert {"defector", "rok_national"}.isdisjoint(run(untagged)["status"])


@pytest.mark.parametrize("ground", ["international_crime", "serious_crime", "disguised_escape",
                                    "sojourn_10_years", "late_application", "diplomatic_difficulty"])
def test_art9_ground_makes_protection_refusable_but_nationality_stays(ground):
    """Art. 9: protection 'may' be refused on each ground; ROK nationality unaffected (expectation 19)."""
    res = run(scenario(person(wish="rok", defectors_act_art9={ground: True})))
    assert res["status"].get("defector_protection_refusable") == "necessary"
    assert res["status"].get("defector") == "necessary"
    assert res["status"].get("rok_national") == "necessary"


def test_no_art9_ground_no_refusal():
    assert "defector_protection_refusable" not in run(scenario(person(wish="rok")))["status"]


def test_korean_law_changes_no_outcome_of_the_detaining_power():
    """The ROK's constitutional claim binds neither Ukraine nor GC III (expectation 25)."""
    data = scenario(person(wish="rok"), ended=True)
    untagged = set_path(set_path(data, "states.dprk.korea", "none"), "states.rok.korea", "none")
    assert run(data)["outcomes"] == run(untagged)["outcomes"]
    assert status_of(run(data)) == status_of(run(untagged))
