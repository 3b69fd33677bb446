"""Two-level minimisation of conditions over multi-valued facts (a small multi-valued Quine-McCluskey).

Why not a library: sympy's ``SOPform`` and the ``dd`` BDD package work on Boolean
variables.  A fact with five values would need five one-hot variables and a don't-care
for every impossible combination of them (2^n rows for n one-hot variables: 2^15 for the
Kursk 4A(2) case), and the answer would come back in one-hot literals that still had to
be merged into "not incorporated into Russia's forces".  Here a literal is "fact ∈ set
of values" directly (positional-cube notation), the truth table of the few facts a
condition mentions is a bit mask over their value combinations, and every candidate
cube is a bit mask too.

Input: the regions where a conclusion takes one value (``on``), those where it takes
another (``off``); a combination in neither is a world that cannot exist (the
consistency rules exclude it) and may be covered or not (a don't-care).  Output: the
fewest cubes (then the fewest literals) that cover ``on`` and nothing of ``off``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import prod
from typing import Any, Iterator, Mapping, Optional, Sequence

Cube = dict[str, frozenset[str]]  # path -> allowed values; a path not in it: any value

MAX_POINTS = 1 << 14  # value combinations of the facts involved; beyond it the regions stay as found
MAX_CUBES = 60_000  # candidate cubes enumerated for the prime implicants; beyond it greedy expansion
MAX_EXACT = 18  # primes left after the essential ones for an exact minimum cover


@dataclass
class Literal:
    """``path`` takes one of ``values`` (of its ``domain``)."""

    path: str
    values: list[str]
    domain: list[str]

    @property
    def excluded(self) -> list[str]:
        """The values it does not take (in domain order)."""
        return [v for v in self.domain if v not in self.values]

    def negative(self) -> bool:
        """Shorter said as "not ..." (a multi-valued fact with one value excluded)."""
        return len(self.domain) > 2 and len(self.excluded) < len(self.values)

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "values": self.values, "domain": self.domain}


@dataclass
class Condition:
    """A condition in factored form: every ``common`` literal and any one of the ``alternatives``.

    ``alternatives`` is a list of conjunctions; empty means the common literals suffice.
    ``always``: the condition holds in every world; ``exact``: the minimiser ran (else the
    regions are listed as the solver found them).
    """

    common: list[Literal] = field(default_factory=list)
    alternatives: list[list[Literal]] = field(default_factory=list)
    always: bool = False
    exact: bool = True

    def to_dict(self) -> dict[str, object]:
        return {"always": self.always, "exact": self.exact, "common": [x.to_dict() for x in self.common],
                "alternatives": [[x.to_dict() for x in alt] for alt in self.alternatives]}

    def cubes(self) -> list[Cube]:
        """Back to a sum of cubes (for checks)."""
        base = {x.path: frozenset(x.values) for x in self.common}
        if not self.alternatives:
            return [dict(base)]
        return [{**base, **{x.path: frozenset(x.values) for x in alt}} for alt in self.alternatives]


class _Table:
    """The truth table of the facts involved, as bit masks over their value combinations."""

    def __init__(self, domains: Mapping[str, Sequence[str]], keys: list[str]) -> None:
        self.keys = keys
        self.doms = [list(domains[k]) for k in keys]
        self.size = prod(len(d) for d in self.doms)
        self.full = (1 << self.size) - 1
        # value masks: the points where key i takes value v (mixed radix, key 0 fastest)
        self.value_mask: list[dict[str, int]] = []
        stride = 1
        for dom in self.doms:
            masks = {v: 0 for v in dom}
            for p in range(self.size):
                masks[dom[(p // stride) % len(dom)]] |= 1 << p
            self.value_mask.append(masks)
            stride *= len(dom)

    def literal_mask(self, i: int, values: frozenset[str]) -> int:
        m = 0
        for v in values:
            m |= self.value_mask[i][v]
        return m

    def mask(self, cube: Cube) -> int:
        m = self.full
        for i, k in enumerate(self.keys):
            if k in cube:
                m &= self.literal_mask(i, cube[k])
        return m


def _subsets(dom: list[str]) -> list[frozenset[str]]:
    return [frozenset(c) for r in range(1, len(dom) + 1) for c in combinations(dom, r)]


def _all_valid(t: _Table, on: int, off: int) -> Optional[dict[tuple[frozenset[str], ...], int]]:
    """Every cube (a value set per key) that covers some ``on`` point and no ``off`` point."""
    if prod((1 << len(d)) - 1 for d in t.doms) > MAX_CUBES:
        return None
    options = [[(s, t.literal_mask(i, s)) for s in _subsets(dom)] for i, dom in enumerate(t.doms)]
    out: dict[tuple[frozenset[str], ...], int] = {}

    def walk(i: int, sets: tuple[frozenset[str], ...], m: int) -> None:
        if not m & on:
            return
        if i == len(options):
            if not m & off:
                out[sets] = m
            return
        for s, lm in options[i]:
            walk(i + 1, sets + (s,), m & lm)

    walk(0, (), t.full)
    return out


def _primes_exact(t: _Table, valid: dict[tuple[frozenset[str], ...], int]) -> list[tuple[frozenset[str], ...]]:
    primes = []
    for sets in valid:
        grown = False
        for i, s in enumerate(sets):
            for v in t.doms[i]:
                if v not in s and (sets[:i] + (s | {v},) + sets[i + 1:]) in valid:
                    grown = True
                    break
            if grown:
                break
        if not grown:
            primes.append(sets)
    return primes


def _expand(t: _Table, start: tuple[frozenset[str], ...], off: int) -> tuple[frozenset[str], ...]:
    """Grow a cube value by value while it covers no ``off`` point (a prime, not always the best)."""
    sets = list(start)
    for i, dom in enumerate(t.doms):
        for v in dom:
            if v in sets[i]:
                continue
            trial = sets[:i] + [sets[i] | {v}] + sets[i + 1:]
            if not t.mask(dict(zip(t.keys, trial))) & off:
                sets = trial
    return tuple(sets)


def _cost(t: _Table, sets: tuple[frozenset[str], ...]) -> int:
    return sum(1 for i, s in enumerate(sets) if len(s) < len(t.doms[i]))


def _choose(t: _Table, primes: list[tuple[frozenset[str], ...]], on: int) -> list[tuple[frozenset[str], ...]]:
    """The fewest primes covering ``on`` (then the fewest literals): essential ones, then exact or greedy."""
    masks = {p: t.mask(dict(zip(t.keys, p))) & on for p in primes}
    chosen: list[tuple[frozenset[str], ...]] = []
    left = on
    p_bits = [1 << b for b in range(t.size) if on >> b & 1]
    for bit in p_bits:  # essential primes: the only one covering some point
        owners = [p for p in primes if masks[p] & bit]
        if len(owners) == 1 and owners[0] not in chosen:
            chosen.append(owners[0])
            left &= ~masks[owners[0]]
    rest = [p for p in primes if p not in chosen and masks[p] & left]
    if not left:
        return chosen
    if len(rest) <= MAX_EXACT:
        for r in range(1, len(rest) + 1):
            best = None
            for combo in combinations(rest, r):
                m = 0
                for p in combo:
                    m |= masks[p]
                if m & left == left:
                    cost = sum(_cost(t, p) for p in combo)
                    if best is None or cost < best[0]:
                        best = (cost, list(combo))
            if best is not None:
                return chosen + best[1]
    while left:  # greedy: most new points, then fewest literals
        p = max(rest, key=lambda q: (bin(masks[q] & left).count("1"), -_cost(t, q)))
        chosen.append(p)
        left &= ~masks[p]
    return chosen


def _shorter(t: _Table, cube: tuple[frozenset[str], ...], chosen: list[tuple[frozenset[str], ...]],
             on: int) -> tuple[frozenset[str], ...]:
    """A prime's literals said in fewer words: drop the impossible values it need not name.

    A prime takes every value it can, impossible ones included; "incorporated into Russia's
    or Ukraine's forces" (Ukraine impossible) is better said "into Russia's".  A literal is
    shrunk to the values the cover needs when that list is shorter than the excluded ones.
    """
    others = 0
    for c in chosen:  # the other cubes of the cover
        others |= t.mask(dict(zip(t.keys, c)))
    sets = list(cube)
    for i, s in enumerate(cube):
        excluded = len(t.doms[i]) - len(s)
        small = set(s)
        for v in sorted(s, key=t.doms[i].index):
            trial = sets[:i] + [frozenset(small - {v})] + sets[i + 1:]
            if small - {v} and (others | t.mask(dict(zip(t.keys, trial)))) & on == on:
                small.discard(v)
        if len(small) < min(len(s), excluded) or (len(small) < len(s) and len(small) <= excluded):
            sets[i] = frozenset(small)
    return tuple(sets)


def minimise(domains: Mapping[str, Sequence[str]], on: list[Cube], off: list[Cube]) -> Optional[list[Cube]]:
    """The fewest, shortest cubes covering every ``on`` point and no ``off`` point; None if too large.

    A literal over a fact's whole domain is dropped (it says nothing).  ``on`` and ``off``
    must not overlap (``ValueError``): they are the regions of two values of one conclusion.
    """
    keys = sorted({k for c in (*on, *off) for k in c})
    if prod(len(domains[k]) for k in keys) > MAX_POINTS:
        return None
    t = _Table(domains, keys)
    on_m = 0
    for c in on:
        on_m |= t.mask(c)
    off_m = 0
    for c in off:
        off_m |= t.mask(c)
    if on_m & off_m:
        raise ValueError("the regions of two values overlap")
    if not on_m:
        return []
    # (the regions as given too: beyond MAX_CUBES the primes grow from them)
    memo = (tuple(keys), tuple(tuple(d) for d in t.doms), on_m, off_m,
            tuple(tuple(sorted((k, tuple(sorted(v))) for k, v in c.items())) for c in on))
    got = _MEMO.get(memo)
    if got is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        got = _MEMO[memo] = _minimal(t, keys, on_m, off_m, on)
    return [dict(c) for c in got]


# The same regions are minimised again and again (a briefing asks for 15 distinct covers
# 78 times: a verdict's cases, its grounds, the persons who share a profile); a pure function.
MEMO_SIZE = 4096
_MEMO: dict[tuple[Any, ...], list[Cube]] = {}


def _minimal(t: _Table, keys: list[str], on_m: int, off_m: int, on: list[Cube]) -> list[Cube]:
    valid = _all_valid(t, on_m, off_m)
    if valid is not None:
        primes = _primes_exact(t, valid)
    else:
        starts = [tuple(c.get(k, frozenset(t.doms[i])) for i, k in enumerate(keys)) for c in on]
        primes = list(dict.fromkeys(_expand(t, s, off_m) for s in starts))
    chosen = _choose(t, primes, on_m)
    for i in range(len(chosen)):  # one at a time: each shrinks against the others as shrunk
        chosen[i] = _shorter(t, chosen[i], chosen[:i] + chosen[i + 1:], on_m)
    out = []
    for sets in chosen:
        out.append({k: s for k, s, dom in zip(keys, sets, t.doms) if len(s) < len(dom)})
    return sorted(out, key=lambda c: (len(c), sorted(c)))


def factor(cubes: list[Cube], domains: Mapping[str, Sequence[str]], exact: bool = True) -> Condition:
    """A sum of cubes as common literals and alternatives (the fewest words to say it)."""
    if not cubes:
        return Condition(exact=exact)
    if any(not c for c in cubes):
        return Condition(always=True, exact=exact)

    def lit(path: str, values: frozenset[str]) -> Literal:
        dom = list(domains[path])
        return Literal(path, [v for v in dom if v in values], dom)

    common_keys = [k for k in sorted(cubes[0]) if all(c.get(k) == cubes[0][k] for c in cubes)]
    common = [lit(k, cubes[0][k]) for k in common_keys]
    alternatives = [[lit(k, c[k]) for k in sorted(c) if k not in common_keys] for c in cubes]
    alternatives = [a for a in alternatives if a]
    if len(alternatives) < len(cubes):  # one cube was the common part alone: it covers the others
        alternatives = []
    return Condition(common, alternatives, exact=exact)


def points(domains: Mapping[str, Sequence[str]], keys: list[str]) -> Iterator[dict[str, str]]:
    """Every combination of values of ``keys`` (for checks and tests)."""
    if not keys:
        yield {}
        return
    head, rest = keys[0], keys[1:]
    for v in domains[head]:
        for p in points(domains, rest):
            yield {head: v, **p}


def holds(cubes: list[Cube], point: Mapping[str, str]) -> bool:
    """Whether a point lies in a sum of cubes."""
    return any(all(point[k] in s for k, s in c.items()) for c in cubes)
