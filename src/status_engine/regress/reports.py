"""The results of ``status-engine test`` as text for a person and as JUnit XML for CI."""

from __future__ import annotations

from .expectations import Check, ScenarioCheck


def mismatch_text(c: Check) -> str:
    e = c.expectation
    head = f"{e.where}: {e.scenario} {e.person} {e.kind} {e.key}: expected {e.expected}, derived {c.derived}"
    return head + (f"\n    why: {c.explanation}" if c.explanation else "")


def summary(results: list[ScenarioCheck]) -> str:
    total = sum(len(r.checks) for r in results)
    failed = sum(len(r.failures) for r in results)
    text = f"{total - failed} passed, {failed} failed"
    errors = sum(1 for r in results if r.error)
    if errors:
        text += f" ({errors} scenario(s) could not be evaluated)"
    return text


def report(results: list[ScenarioCheck], verbose: bool = False) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"ERROR {r.file}: {r.scenario}: {r.error}")
            continue
        bad = r.failures
        if not r.checks:
            lines.append(f"--    {r.file}: {r.scenario}: no expectations")
        elif not bad:
            lines.append(f"ok    {r.file}: {r.scenario}: {len(r.checks)} expectations")
        else:
            lines.append(f"FAIL  {r.file}: {r.scenario}: {len(bad)} of {len(r.checks)} expectations differ")
        for c in r.checks:
            if not c.ok:
                lines.append("  " + mismatch_text(c).replace("\n", "\n  "))
            elif verbose:
                lines.append(f"  ok {c.expectation.id} = {c.derived}")
    lines.append(summary(results))
    return "\n".join(lines) + "\n"


def junit_xml(results: list[ScenarioCheck]) -> str:
    """JUnit XML: one testsuite per scenario file, one testcase per expectation."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="status-engine expectations")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in results:
        failures = 0 if r.error else len(r.failures)
        errors = len(r.checks) if r.error else 0
        suite = ET.SubElement(root, "testsuite", name=r.scenario, file=r.file, tests=str(len(r.checks)),
                              failures=str(failures), errors=str(errors), skipped="0")
        totals["tests"] += len(r.checks)
        totals["failures"] += failures
        totals["errors"] += errors
        for c in r.checks:
            e = c.expectation
            case = ET.SubElement(suite, "testcase", classname=f"{e.scenario}.{e.person}.{e.kind}", name=e.key,
                                 file=e.file, line=str(e.line or 0))
            if r.error:
                ET.SubElement(case, "error", message=f"not evaluated: {r.error.splitlines()[0]}").text = r.error
            elif not c.ok:
                msg = f"expected {e.expected}, derived {c.derived}"
                ET.SubElement(case, "failure", message=msg).text = mismatch_text(c)
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
