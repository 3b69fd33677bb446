"""status-engine: legal-status reasoning for captured combatants.

The pipeline, one module per step:
scenario (pydantic model of a located YAML/JSON file) -> facts (clingo symbols) ->
engine (ground once, brave/cautious consequences) -> verdicts (the JSON result of the
public contract) -> render (table, JSON).  The law itself lives in the rule files that
ship inside this package (``rules/*.lp``), never in Python.
"""

__version__ = "0.1.0"
FORMAT = "status-engine/v1"
