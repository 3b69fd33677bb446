"""Explanations from the solver's own derivations.

No template restates the law here.  The rule files are parsed with clingo's AST and each
rule ``H :- B`` gains a twin ``_why(N, H, (positive body atoms), (negated atoms)) :- B``,
so every model carries, for each derived atom, the rule (number ``N``, hence its
``rule(Id)``, file and line) and the atoms that made it fire.  From that:

* a **derivation tree** of a conclusion in a world where it holds, down to the scenario
  facts (file:line, evidence) and the cited article of every step;
* **what decides it**: a cover of the worlds where the conclusion holds (and where it
  does not) by minimal conditions on the open facts and positions, found by the solver
  (take a world, drop every condition that is not needed, block the region, repeat);
* **why not**: for a conclusion that does not hold, every rule that could derive it and
  the first of its conditions that fails;
* **contrast**: why one conclusion rather than another.

The modules, in the order they build on each other:

``model``       the dataclasses of an explanation and their JSON (``SCHEMA_VERSION``)
``instrument``  the rules parsed once, the ``_why`` twins, the explanation Control
``evaluate``    a small evaluator of rule bodies over plain values (for why-not)
``world``       one model of the instrumented program, indexed on demand
``derive``      derivation trees of an atom in a world
``why_not``     the rules that could derive an atom and where each fails, recursively
``decisive``    the cover of worlds by minimal conditions
``questions``   ``Explainer`` (one Control per evaluation) and the entry points
"""

from __future__ import annotations

from .decisive import MAX_CASES
from .instrument import VERDICT_MECHANISM, Instrumented, RuleMeta, explain_control, instrumented
from .model import SCHEMA_VERSION, Case, Contrast, ContrastCase, Explanation, FactRef, Failure, Reason, Step
from .questions import Explainer, explain, explain_all, explainer


__all__ = ["Explainer", "Explanation", "Case", "Step", "FactRef", "Failure", "Reason", "Contrast", "ContrastCase",
           "explain", "explain_all", "explainer", "instrumented", "explain_control", "Instrumented", "RuleMeta",
           "SCHEMA_VERSION", "MAX_CASES", "VERDICT_MECHANISM"]
