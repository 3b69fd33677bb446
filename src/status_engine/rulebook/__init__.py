"""The law as data, read once: everything under ``rules/`` that is not a rule body.

``book``       the rule files and their ids, the source registry (citation per rule id)
``treaties``   the treaty registry: which instrument binds which state, since when
``phrases``    the sentences a user reads for every fact, status, outcome and atom
``coverage``   which articles of the brief are encoded and what makes each rule fire
"""
