"""Regression testing of rule changes: expectations, updates, and diffs of rule sets.

* **Expectations** (SCENARIO-FORMAT §4): every key named under ``expect: <person>:
  status:`` or ``outcomes:`` is compared with the derived value.  A key that no rule can
  produce is a typo and an input error, never a silent pass.  The vocabulary is learnt
  from the rules themselves: status names from the heads of the rule files and, like
  outcome keys, from the atoms of this scenario's ground program (anything some world
  could derive).
* **Update** writes derived values into the ``expect:`` blocks in place: the file is
  parsed with ruamel.yaml's round-trip loader, which gives each value's position, and
  only that value's token is replaced, so comments, quoting and layout stay byte for
  byte.  The new text is re-read and checked before it atomically replaces the file.
* **Diff** evaluates a corpus under two rule sets (a directory, or a git revision's rule
  directory) and reports every status or verdict that moved, with both explanations and
  the rules that differ (by rule id, comparing the normalised rule text).

No legal vocabulary lives here: statuses, verbs and verdict names come from the rules
and from the contract's arithmetic (``verdicts.py``).
"""

from __future__ import annotations

# The public names, importable from ``status_engine.regress`` as before the split.
from ..contract import ABSENT, Change
from .expectations import (KINDS, SUFFIXES, Check, Expectation, Explaining, ScenarioCheck, Vocabulary,
                           check_paths, check_prepared, derived_value, expectations_of, scenario_files, typos,
                           vocabulary)
from .reports import junit_xml, mismatch_text, report, summary
from .rulediff import DiffReport, Moved, RuleDiff, diff, rule_diff, rules_at
from .ruletexts import rule_texts
from .updates import Update, apply_updates, plan_updates, updated_text, write_atomically

__all__ = ["ABSENT", "Check", "Explaining", "KINDS", "SUFFIXES", "derived_value", "mismatch_text", "Change", "DiffReport", "Expectation", "Moved", "RuleDiff", "ScenarioCheck", "Update",
           "Vocabulary", "apply_updates", "check_paths", "check_prepared", "diff", "expectations_of", "junit_xml",
           "plan_updates", "report", "rule_diff", "rule_texts", "rules_at", "scenario_files", "summary", "typos",
           "updated_text", "vocabulary", "write_atomically"]
