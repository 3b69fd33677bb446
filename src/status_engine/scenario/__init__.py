"""Stage 1 of the pipeline: a scenario file, read and checked.

``load``       the YAML/JSON text with every value's file, line and column (``Located``)
``inputs``     the one table of inputs: path, domain, default, the rule key each becomes
``model``      the pydantic model of the format (SCENARIO-FORMAT.md), built from ``inputs``
``check``      every problem of every file in one pass, in the contract's words
``schema``     the JSON Schema and docs/format.md, from the models and ``inputs``
``authoring``  the questions ``status-engine new`` and the workbench ask to write a file
"""
