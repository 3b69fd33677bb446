"""CLI command groups beyond eval/validate/schema, one module each.

Each module imports only typer at import time (it registers commands on ``cli.app``);
everything heavy is imported inside the command functions, so that a cold
``status-engine eval`` does not pay for commands it does not run.
"""
