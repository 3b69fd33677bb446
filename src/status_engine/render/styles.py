"""The terminal styles of the law's values (rich style names), shared by the tables and trees.

Kept apart from the renderers so a renderer can name a style without importing rich.
"""

from __future__ import annotations

STYLE = {
    "necessary": "bold",
    "possible": "italic",
    "required": "bold green",
    "permitted": "cyan",
    "forbidden": "bold red",
    "depends": "yellow",
}
