"""The local workbench and HTTP JSON API (``status-engine serve``; needs the ``web`` extra)."""
