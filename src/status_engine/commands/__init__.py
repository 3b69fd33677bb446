"""CLI command groups beyond eval/validate/schema, one module each.

Each module imports only typer and ``commands.base`` at import time (it registers its
commands on ``base.app``, the app ``cli`` runs; no command module imports ``cli``);
everything heavy is imported inside the command functions, so that a cold
``status-engine eval`` does not pay for commands it does not run.
"""
