"""Stage 2 of the pipeline: the facts meet the rules.

``facts``       the scenario as clingo symbols (through the API, never as program text)
``solving``     how a Control is built from the rule base and asked, with a deadline
``session``     one grounded program per scenario shape; known values as assumptions
``per_profile`` each distinct person solved on the session: linear in persons
``engine``      the whole-program fallback, exact world counts, unsat cores
``verdicts``    consequences -> the typed ``contract.Result``
``mechanism``   the ASP programs of the mechanism (worlds, counting), not law
"""
