"""What-if analysis: overrides compared, decision tables, minimal changes, timelines.

``compare``   baseline against a variant (``status-engine whatif``)
``sweep``     a decision table over combinations of facts and positions (``sweep``);
``decision``  what the table says: pivotal facts, minimised summaries, groups, JSON
``needs``     the smallest sets of fact changes under which a goal holds (``needs``)
``timeline``  statuses and verdicts at each event date, with an SVG chart (``timeline``)

Nothing here knows the law: every verdict is read from the rules' output atoms
(``status/2``, ``outcome/2``, ``obligatory/2``, ``forbidden/2``) through the contract
arithmetic of ``verdicts``.  The combinations of one sweep or one ``needs`` search are
solved on one grounded program with assumptions or by enumerating inside the solver,
never by grounding again.
"""
