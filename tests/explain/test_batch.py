"""Many conclusions explained in fixed parts, serial or in parallel worker processes.

A briefing must read the same on a laptop and on a server: the example world an
explanation shows depends on what its Control solved before, so the parts are cut by
person, the same way whatever the number of cores, and each part has a Control of its
own.  Parallel workers are forked processes; their explanations must equal the serial ones.
"""

from __future__ import annotations

import json
import multiprocessing

import pytest

from status_engine import api
from status_engine.analysis.explain import batch

from conftest import SCENARIOS, cli


def _asked(ev):
    facts = ev.prepared.facts
    return [(pid, k) for pid, r in ev.result["persons"].items() if pid not in facts.mirror_of
            for k in list(r["status"]) + list(r["outcomes"])]


def test_parts_are_contiguous_whole_persons_of_about_equal_size() -> None:
    asked = [("ri", f"k{i}") for i in range(16)] + [("baek", f"k{i}") for i in range(14)]
    cut = batch.parts(asked)
    assert [len(p) for p in cut] == [16, 14]
    assert [p for part in cut for p in part] == asked  # nothing lost or reordered
    assert all(len({pid for pid, _ in part}) == 1 for part in cut)  # no person split between parts


def test_one_person_is_one_part_and_nothing_asked_is_no_part() -> None:
    assert batch.parts([("ri", "pow"), ("ri", "civilian")]) == [[("ri", "pow"), ("ri", "civilian")]]
    assert batch.parts([]) == []


def test_three_persons_fall_into_the_fixed_two_parts() -> None:
    asked = [("a", "x")] * 5 + [("b", "x")] * 5 + [("c", "x")] * 5
    cut = batch.parts(asked)
    assert len(cut) == batch.PARTS == 2
    assert [{pid for pid, _ in part} for part in cut] in ([{"a"}, {"b", "c"}], [{"a", "b"}, {"c"}])


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_parallel_explanations_equal_the_serial_ones(monkeypatch) -> None:
    """The worker of the second part inherits the Control grounded for the first, before
    anything is solved: the same fresh state a serial second part grounds for itself."""
    ev = api.evaluate_file(str(SCENARIOS / "kursk-2025-02.yaml"))
    asked = _asked(ev)
    forked = []
    real = batch._fork
    monkeypatch.setattr(batch, "_may_fork", lambda: True)  # whatever threads earlier tests left
    monkeypatch.setattr(batch, "_fork", lambda *a: forked.append(1) or real(*a))
    serial = batch.explain_many(ev, asked, jobs=1)
    assert not forked
    parallel = batch.explain_many(ev, asked, jobs=2)
    assert forked == [1]  # really in a worker
    assert list(serial) == list(parallel) == asked
    for key in asked:
        assert json.dumps(serial[key].to_dict(), sort_keys=True) == json.dumps(parallel[key].to_dict(), sort_keys=True)


def test_progress_counts_every_explanation() -> None:
    ev = api.evaluate_file(str(SCENARIOS / "kursk-2025-02.yaml"))
    asked = _asked(ev)[:5]
    seen: list[int] = []
    batch.explain_many(ev, asked, jobs=1, progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]


def test_the_cli_text_is_the_same_whatever_the_jobs(tmp_path) -> None:
    one = cli("explain", SCENARIOS / "kursk-2025-02.yaml", "--jobs", "1")
    two = cli("explain", SCENARIOS / "kursk-2025-02.yaml", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_failing_worker_is_an_error_in_the_parent_not_a_silent_gap(monkeypatch) -> None:
    ev = api.evaluate_file(str(SCENARIOS / "kursk-2025-02.yaml"))
    asked = _asked(ev)
    monkeypatch.setattr(batch, "_may_fork", lambda: True)
    real = batch._explain_part

    def broken(ev, part, explainer, tick=lambda: None):
        if part[0][0] != asked[0][0]:  # the worker's part
            raise ValueError("boom")
        return real(ev, part, explainer, tick)

    monkeypatch.setattr(batch, "_explain_part", broken)
    with pytest.raises(ValueError, match="boom"):  # the worker's own exception, raised again
        batch.explain_many(ev, asked, jobs=2)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_timeout_in_a_worker_is_the_same_timeout_in_the_parent(monkeypatch) -> None:
    """A deadline met in a worker ends the command as it would serially (the same error,
    hence the same message and exit code), not as a crash."""
    from status_engine.errors import EvaluationError

    ev = api.evaluate_file(str(SCENARIOS / "kursk-2025-02.yaml"))
    asked = _asked(ev)
    monkeypatch.setattr(batch, "_may_fork", lambda: True)
    real = batch._explain_part

    def slow(ev, part, explainer, tick=lambda: None):
        if part[0][0] != asked[0][0]:
            raise EvaluationError("evaluation timed out after 1 s", ["raise --timeout"])
        return real(ev, part, explainer, tick)

    monkeypatch.setattr(batch, "_explain_part", slow)
    with pytest.raises(EvaluationError, match="timed out") as caught:
        batch.explain_many(ev, asked, jobs=2)
    assert caught.value.details == ["raise --timeout"]  # the hint survives the pipe


def test_threads_other_than_the_watchdog_forbid_forking() -> None:
    import threading

    stop = threading.Event()
    t = threading.Thread(target=stop.wait, name="a server thread")
    t.start()
    try:
        assert not batch._may_fork()
    finally:
        stop.set()
        t.join()


def test_the_errors_a_user_reads_survive_a_pipe_whole() -> None:
    import pickle

    from status_engine.errors import EvaluationError, InputError, Problem

    e = pickle.loads(pickle.dumps(EvaluationError("no world", ["pin fewer facts"])))
    assert str(e) == "no world\n  pin fewer facts" and e.exit_code == 1
    p = Problem("s.yaml", 3, 1, "persons.0.wish", "not a state", "one of ua, ru")
    i = pickle.loads(pickle.dumps(InputError([p])))
    assert i.problems == [p] and str(i) == str(p) and i.exit_code == 2


def test_the_program_grounded_while_evaluating_explains_as_a_fresh_one() -> None:
    """``explain`` and ``brief`` ground the instrumented program in a thread while the
    scenario is evaluated: nothing is solved on it before the explanations, so they read as
    those of a Control grounded afterwards."""
    from status_engine.analysis.explain import Explainer
    from status_engine.analysis.explain.instrument import grounded_meanwhile

    prep = api.prepare(str(SCENARIOS / "kursk-2025-02.yaml"))
    meanwhile = grounded_meanwhile(prep)
    ev = api.evaluate_prepared(prep)
    early = Explainer(ev, meanwhile.get()).explain("ri", "prosecute:participation")
    late = Explainer(ev).explain("ri", "prosecute:participation")
    assert json.dumps(early.to_dict(), sort_keys=True) == json.dumps(late.to_dict(), sort_keys=True)


def test_a_grounding_that_fails_in_its_thread_fails_in_the_caller(monkeypatch) -> None:
    from status_engine.analysis.explain import instrument

    def broken(prep):
        raise MemoryError("no room")

    monkeypatch.setattr(instrument, "explain_control", broken)
    meanwhile = instrument.grounded_meanwhile(object())
    with pytest.raises(MemoryError, match="no room"):
        meanwhile.get()
