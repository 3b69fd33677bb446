"""The command line: ``app`` (eval, validate, schema, the entry point), then one module per
command group (``explain``, ``whatif``, ``rules``, ``regress``, ``new``, ``serve``).

Each module imports only typer and ``cli.base`` at import time (it registers its
commands on ``base.app``, the app ``cli.app`` runs; no command module imports ``app``);
everything heavy is imported inside the command functions, so that a cold
``status-engine eval`` does not pay for commands it does not run.
"""
