"""Legal and engine invariants, checked on generated scenarios (hypothesis).

Each property is named after its source.  The legal ones are checked world by world
(every world of a small generated scenario is enumerated), so a rule that misfires in a
single combination of facts and positions is caught, and hypothesis prints the minimal
scenario that shows it.  Budgets are bounded (``examples``) and there is no deadline.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from propcheck import (IHL_STATUSES, WORLD_CAP, brute_force_worlds, comparable, evaluate, evaluate_full,
                       examples, permutations_of, prepare, rename, rename_result, worlds)
from strategies import (STATE_IDS, fact_paths, is_known, scenarios, set_unknown, twins, with_events)

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _world_text(w, prep) -> str:
    """The world by the values of the open keys (the known facts are in the scenario)."""
    open_keys = {str(k) for k, _ in prep.facts.open_domains()}
    return "{" + ", ".join(f"{k}={v}" for k, v in sorted(w.facts.items()) if k in open_keys) + "}"


def _protected(w, pid: str) -> bool:
    return bool(w.statuses(pid) & {"pow", "presumed_pow"})


# ------------------------------------------------------------------------- the status ladder

@settings(max_examples=examples(150), **SETTINGS)
@given(scenarios())
def test_gc3_art4_art5_api_art50_exactly_one_ihl_status_per_world(data):
    """SCENARIO-FORMAT §2 (GC III arts 4-5, AP I art. 50): in each world exactly one of
    pow, presumed_pow, unprivileged_belligerent, civilian holds for each person."""
    prep = prepare(data)
    assume(prep.facts.worlds <= WORLD_CAP)
    for w in worlds(prep):
        for pid in prep.facts.grounded:
            got = w.statuses(pid) & set(IHL_STATUSES)
            assert len(got) == 1, f"{pid} has {sorted(got) or 'no IHL status'} in the world {_world_text(w, prep)}"


@settings(max_examples=examples(100), **SETTINGS)
@given(scenarios())
def test_rules_readme_no_outcome_both_obligatory_and_forbidden(data):
    """rules/README.md (priority by exceptions): no world makes one outcome both
    obligatory and forbidden."""
    prep = prepare(data)
    assume(prep.facts.worlds <= WORLD_CAP)
    for w in worlds(prep):
        clashes = sorted(a[len("forbidden"):] for a in w.atoms
                         if a.startswith("forbidden(") and "obligatory" + a[len("forbidden"):] in w.atoms)
        assert not clashes, f"obligatory and forbidden: {clashes} in the world {_world_text(w, prep)}"


# ----------------------------------------------------------------- return against his will

@settings(max_examples=examples(150), **SETTINGS)
@given(scenarios(positions={"refused_repatriation": "risk_based", "nonrefoulement_custom": "customary"}))
def test_icrc2020_art118_risk_based_no_return_of_a_refuser_at_risk(data):
    """ICRC 2020 commentary on GC III art. 118 (risk_based reading; non-refoulement,
    brief §2 and §4.2, expectation 13): a prisoner who does not wish to go to his state of
    origin and faces a substantial risk there is never repatriated there: repatriate:<origin>
    is forbidden in every such world (neither permitted nor required). For persons not
    protected as POWs the bar is non-refoulement itself, which binds every state on the
    `customary` reading of `nonrefoulement_custom` (pinned here; issue 9)."""
    prep = prepare(data)
    assume(prep.facts.worlds <= WORLD_CAP)
    for w in worlds(prep):
        for pid in prep.facts.grounded:
            origin = w.fact(f"person({pid},origin)")
            if w.fact(f"person({pid},risk({origin}))") != "substantial" or w.wants(pid, origin):
                continue
            if origin in w.outcomes(pid, "repatriate"):
                assert w.has(f"forbidden({pid},repatriate({origin}))"), \
                    f"{pid} (statuses {sorted(w.statuses(pid))}) may be returned to {origin} in {_world_text(w, prep)}"
    # As the result states it: where refusal and risk are established facts, the verdict on
    # repatriate:<origin> is never permitted or required.
    result = evaluate(data)
    for p in data["persons"]:
        origin, risk = p["origin"], p["risk_on_return"].get(p["origin"])
        if origin != "unknown" and risk == "substantial" and p["wish"] not in ("origin", "unknown", origin):
            verdict = result["persons"][p["id"]]["outcomes"].get(f"repatriate:{origin}")
            assert verdict not in ("permitted", "required"), f"{p['id']}: repatriate:{origin} is {verdict}"


@settings(max_examples=examples(120), **SETTINGS)
@given(scenarios())
def test_api_art43_2_no_prosecution_for_participation_in_any_world_where_he_is_a_pow(data):
    """AP I art. 43(2) (combatant immunity; brief §1.7 and expectation 1): prosecution for the
    mere fact of having fought is forbidden in every world where he is a POW."""
    prep = prepare(data)
    assume(prep.facts.worlds <= WORLD_CAP)
    for w in worlds(prep):
        for pid in prep.facts.grounded:
            if "pow" in w.statuses(pid) and w.has(f"outcome({pid},prosecute(participation))"):
                assert w.has(f"forbidden({pid},prosecute(participation))"), \
                    f"{pid} is a POW and may be prosecuted for participation in {_world_text(w, prep)}"


# The minimal scenario hypothesis found (reported): a POW under 4A(1) in every world whose
# participation in hostilities is unknown (fought_for: unknown).
POW_FOUGHT_UNKNOWN = {
    "format": "status-engine/v1", "id": "generated", "as_of": "2026-01-01",
    "conflict": {"kind": "international", "parties": ["aa"], "hostilities_ended": None},
    "states": {"aa": {}, "bb": {}, "cc": {}},
    "persons": [{"id": "p0", "origin": "aa", "armed_forces": "aa", "incorporated_into": "none",
                 "fought_for": "unknown", "captured_by": "bb", "wish": "origin", "wish_verified": True,
                 "risk_on_return": {"aa": "none", "bb": "none", "cc": "none"}}],
    "positions": {"party_status": "factual", "refused_repatriation": "strict"},
}


@settings(max_examples=examples(120), **SETTINGS)
@example(POW_FOUGHT_UNKNOWN)
@given(scenarios())
def test_api_art43_2_pow_necessary_means_prosecution_for_participation_forbidden(data):
    """AP I art. 43(2), as the result states it: whenever pow is necessary, the verdict on
    prosecute:participation (if the outcome is considered at all) is forbidden."""
    result = evaluate(data)
    for pid, res in result["persons"].items():
        if res["status"].get("pow") == "necessary" and "prosecute:participation" in res["outcomes"]:
            assert res["outcomes"]["prosecute:participation"] == "forbidden", \
                f"{pid}: pow is necessary but prosecute:participation is {res['outcomes']['prosecute:participation']}"


@settings(max_examples=examples(150), **SETTINGS)
@given(scenarios(), st.data())
def test_gc3_art109_3_wounded_refuser_not_repatriated_during_hostilities(data, draw):
    """GC III art. 109(3) (brief expectation 11): no seriously wounded or sick prisoner
    eligible under 109(1) may be repatriated against his will during hostilities, on every
    reading of art. 118: every repatriation he does not ask for is forbidden."""
    for i in range(len(data["persons"])):
        if draw.draw(st.booleans()):
            data["persons"][i]["seriously_wounded"] = True
    data["conflict"]["hostilities_ended"] = draw.draw(st.sampled_from([None, "unknown"]))
    prep = prepare(data)
    assume(prep.facts.worlds <= WORLD_CAP)
    for w in worlds(prep):
        if w.fact("conflict(hostilities)") != "ongoing":
            continue
        for pid in prep.facts.grounded:
            if w.fact(f"person({pid},seriously_wounded)") != "true" or not _protected(w, pid):
                continue
            for s in w.outcomes(pid, "repatriate"):
                if not w.wants(pid, s):
                    assert w.has(f"forbidden({pid},repatriate({s}))"), \
                        f"wounded {pid} does not wish to go to {s} and may be sent there in {_world_text(w, prep)}"


# ------------------------------------------------------------------ properties of the engine

@settings(max_examples=examples(120), **SETTINGS)
@given(scenarios(max_open=2), st.data())
def test_exploration_is_monotone_an_unknown_never_removes_a_possible_status(data, draw):
    """SCENARIO-FORMAT §1 (`unknown` explores every legally possible value): replacing a
    known fact or a pinned position by `unknown` adds worlds and never removes a status
    that held in some world."""
    path = draw.draw(st.sampled_from([p for p in fact_paths(data) if is_known(data, p)]))
    opened = set_unknown(data, path)
    assume(prepare(opened).facts.worlds <= WORLD_CAP)
    before, after = evaluate(data), evaluate(opened)
    for pid, res in before["persons"].items():
        lost = set(res["status"]) - set(after["persons"][pid]["status"])
        assert not lost, f"opening {'.'.join(map(str, path))} removed {sorted(lost)} from {pid}"


NEW_STATE_IDS = ("zulu", "kilo", "mike", "bravo", "alpha")


@settings(max_examples=examples(80), **SETTINGS)
@given(scenarios().flatmap(with_events), st.integers(0, 2**31))
def test_results_do_not_depend_on_order_or_ids(data, seed):
    """SCENARIO-FORMAT §1 (ids are identifiers, never code) and §2 (same input, same
    output): reordering persons, states, parties and events, and renaming every person and
    state id, gives the same result up to the renaming."""
    base = evaluate(data)
    states = list(data["states"])
    smap = dict(zip(states, permutations_of(list(NEW_STATE_IDS[:len(states)]), seed)))
    pmap = {p["id"]: f"x{n}_{p['id']}" for n, p in enumerate(permutations_of(data["persons"], seed + 1))}
    other = rename(data, pmap, smap)
    other["persons"] = permutations_of(other["persons"], seed + 2)
    other["states"] = dict(permutations_of(list(other["states"].items()), seed + 3))
    other["conflict"]["parties"] = permutations_of(other["conflict"]["parties"], seed + 4)
    other["events"] = permutations_of(other["events"], seed + 5)
    assert comparable(evaluate(other)) == rename_result(base, pmap, smap)


@settings(max_examples=examples(100), **SETTINGS)
@given(scenarios(max_open=2), st.data())
def test_world_count_equals_brute_force_enumeration(data, draw):
    """SCENARIO-FORMAT §2 `worlds`: the exact count (consistency rules exclude some
    combinations) equals solving every combination of the open keys' values one by one."""
    pid = draw.draw(st.sampled_from(range(len(data["persons"]))))
    for f in draw.draw(st.lists(st.sampled_from(["captured_by", "fought_for", "incorporated_into"]),
                                max_size=2, unique=True)):
        data = set_unknown(data, ("persons", pid, f))
    prep = prepare(data)
    assume(prep.facts.worlds <= 1500)
    assert evaluate(data)["worlds"] == brute_force_worlds(prep)


MIRROR_FIELDS = [None, ("wish",), ("captured_by",), ("fought_for",), ("conditions_4a2", "distinctive_sign"),
                 ("risk_on_return", STATE_IDS[0]), ("seriously_wounded",)]


@settings(max_examples=examples(50), **SETTINGS)
@given(scenarios(persons=twins, max_open=1), st.sampled_from(MIRROR_FIELDS))
def test_mirrored_persons_equal_full_grounding(data, field):
    """facts.py COPIES: beyond three identical persons the others are not grounded but
    mirror the first; their results (and the world count) equal full grounding."""
    if field is not None:
        for p in data["persons"]:
            if p["id"].startswith("t"):
                data = set_unknown(data, ("persons", data["persons"].index(p)) + field)
    assert comparable(evaluate(data)) == comparable(evaluate_full(data))
