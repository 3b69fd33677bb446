"""Renderers: the same result as a terminal table, JSON, or (later) briefings."""
