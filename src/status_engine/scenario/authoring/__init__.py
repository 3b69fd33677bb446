"""Writing scenarios: the questions of ``status-engine new`` and the workbench's "New scenario"."""
