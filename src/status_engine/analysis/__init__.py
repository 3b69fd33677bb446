"""Stage 3: the uses of a solved scenario (view data only; ``render`` formats it).

``explain``  why a conclusion holds: grounds, derivations, what decides it
``whatif``   overrides compared, decision tables, minimal changes, timelines
``brief``    the briefing: summaries, explanations, open questions, toggles, timeline
"""
