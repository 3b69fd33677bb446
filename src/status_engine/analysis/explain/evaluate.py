"""A small evaluator of rule bodies over one world, for why-not.

A rule's head and body are compiled once into patterns over plain Python values (clingo
symbols cost a C call per part): ints, ``('"', text)`` for a string and ``(name, *args)``
for a function.  Walking the body left to right, the first literal that no binding
survives is the condition that fails.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

import clingo
import clingo.ast as ast
from clingo import Symbol

WILDCARD = "any__"  # stands for a variable of a failed condition (matches any value)

# Patterns over plain values: ("\0v", name) is a variable, ("\0x", text) a term the evaluator
# does not compute (arithmetic, pools); anything else is a value or a function pattern.
_VAR, _OTHER = "\0v", "\0x"
_WILD = (WILDCARD,)


# Clingo's Python API (5.x) keeps a symbol's interned id in the private ``_rep``.  Where a
# clingo has no such attribute, the symbol itself is the key: slower (a hash and an
# equality, each a C call, per lookup), the same answers (tests/explain/test_memo.py).
FAST_KEYS = hasattr(clingo.Number(0), "_rep")


def rep(sym: Symbol) -> Any:
    """A symbol's key for dictionaries: equal for equal symbols (clingo interns them); its
    interned id, a plain int, where clingo exposes it, so a lookup costs no C call."""
    return sym._rep if FAST_KEYS else sym


class Plain:
    """Symbols as plain values, each converted once."""

    def __init__(self) -> None:
        self._cache: dict[int, Any] = {}  # by ``rep``
        self.known = self._cache  # the values converted so far, by ``rep`` (read by ``World.lite``)

    def __call__(self, sym: Symbol) -> Any:
        key = sym._rep if FAST_KEYS else sym  # ``rep``, inlined: called for every atom of every world
        got = self._cache.get(key)
        if got is None:
            t = sym.type
            if t == clingo.SymbolType.Function:
                got = (sym.name, *(self(a) for a in sym.arguments))
            elif t == clingo.SymbolType.Number:
                got = sym.number
            elif t == clingo.SymbolType.String:
                got = ('"', sym.string)
            else:
                got = (_OTHER, str(sym))
            self._cache[key] = got
        return got


@lru_cache(maxsize=4096)  # the same failed conditions recur in every world: parse each once
def ground_atom(text: str) -> Optional[Symbol]:
    """The failed condition as a ground atom, if it is one (not a comparison, no variable)."""
    text = text.removesuffix(" (rule switched off)")
    if "(" not in text or " " in text.split("(")[0]:
        return None
    try:
        sym = clingo.parse_term(text)
    except RuntimeError:
        return None  # not ground (an unbound variable)
    return sym if sym.type == clingo.SymbolType.Function else None


@lru_cache(maxsize=4096)
def pattern_atom(text: str) -> Optional[Symbol]:
    """A failed condition with variables, as a symbol whose variables are wildcards."""
    if "(" not in text or " " in text.split("(")[0] or '"' in text:
        return None
    try:
        sym = clingo.parse_term(re.sub(r"(?<![A-Za-z0-9_'])(_[A-Za-z0-9_']*|[A-Z][A-Za-z0-9_']*)", WILDCARD, text))
    except RuntimeError:
        return None
    return sym if sym.type == clingo.SymbolType.Function else None


def unify(pattern: Any, sym: Symbol, binding: Optional[dict] = None) -> Optional[dict]:
    """Whether an AST term (a rule head) matches a symbol: the binding of its variables, or None."""
    plain = Plain()
    return match(compile_term(pattern, plain), plain(sym), {} if binding is None else binding)


def compile_term(term: Any, lite: Any) -> Any:
    t = term.ast_type
    if t == ast.ASTType.Variable:
        return (_VAR, term.name)
    if t == ast.ASTType.SymbolicTerm:
        return lite(term.symbol)
    if t == ast.ASTType.Function and not term.external:
        return (term.name, *(compile_term(a, lite) for a in term.arguments))
    return (_OTHER, str(term))


def compile_body(body: tuple, lite: Any) -> list:
    """Body literals as ("rule", value, text) / ("pos"|"neg", pattern, ast) / ("cmp", left, guards, ast)."""
    out = []
    for lit in body:
        if lit.ast_type != ast.ASTType.Literal:
            continue
        if lit.atom.ast_type == ast.ASTType.SymbolicAtom:
            term = lit.atom.symbol
            pattern = compile_term(term, lite)
            if term.ast_type == ast.ASTType.Function and term.name == "rule":
                out.append(("rule", _lvalue(pattern, {}), str(term)))
            elif lit.sign == ast.Sign.NoSign:
                out.append(("pos", pattern, term))
            else:
                out.append(("neg", pattern, term))
        elif lit.atom.ast_type == ast.ASTType.Comparison:
            cmp = lit.atom
            guards = [(str(g.comparison).split(".")[-1], compile_term(g.term, lite)) for g in cmp.guards]
            out.append(("cmp", compile_term(cmp.term, lite), guards, cmp))
    return out


def match(p: Any, v: Any, b: dict) -> Optional[dict]:
    if v == _WILD:
        return b  # a wildcard matches anything and binds nothing
    if type(p) is tuple:
        head = p[0] if p else None
        if head == _VAR:
            name = p[1]
            if name == "_":
                return b
            if name in b:
                return b if b[name] == v else None
            nb = dict(b)
            nb[name] = v
            return nb
        if head == _OTHER or type(v) is not tuple or len(v) != len(p) or v[0] != head:
            return None
        for pi, vi in zip(p[1:], v[1:]):
            b = match(pi, vi, b)
            if b is None:
                return None
        return b
    return b if p == v else None


def _lvalue(p: Any, b: dict) -> Any:
    if type(p) is tuple:
        head = p[0] if p else None
        if head == _VAR:
            return b.get(p[1])
        if head == _OTHER:
            return None
        args = [_lvalue(a, b) for a in p[1:]]
        if any(a is None for a in args):
            return None
        return (head, *args)
    return p


def _lstr(v: Any) -> str:
    if type(v) is int:
        return str(v)
    if v[0] == '"':
        return '"' + v[1].replace("\\", "\\\\").replace('"', '\\"') + '"'
    if v[0] == _OTHER:
        return v[1]
    args = ",".join(_lstr(a) for a in v[1:])
    return f"{v[0]}({args})" if len(v) > 1 else (v[0] or "()")


def _lcompare(op: str, a: Any, b: Any) -> bool:
    if op == "Equal":
        return a == b
    if op == "NotEqual":
        return a != b
    x, y = clingo.parse_term(_lstr(a)), clingo.parse_term(_lstr(b))  # an order: clingo's own
    return {"LessThan": x < y, "LessEqual": x <= y, "GreaterThan": x > y, "GreaterEqual": x >= y}.get(op, True)


def first_failure(body: list, bindings: list[dict], true: set,
                    by_name: dict[tuple[str, int], list]) -> Optional[str]:
    """Walk the body left to right; the first literal no binding survives is the failure."""
    for item in body:
        kind = item[0]
        if kind == "rule":
            if item[1] is not None and item[1] not in true:
                return f"{item[2]} (rule switched off)"
            continue
        if kind == "pos":
            pattern, term = item[1], item[2]
            cands = by_name.get((pattern[0], len(pattern) - 1), []) \
                if type(pattern) is tuple and pattern and pattern[0] not in (_VAR, _OTHER) else []
            nxt = []
            for b in bindings:
                for cand in cands:
                    nb = match(pattern, cand, b)
                    if nb is not None:
                        nxt.append(nb)
            if not nxt:
                return _lshow(term, bindings[0] if bindings else {})
            bindings = nxt[:200]
        elif kind == "neg":
            nxt = [b for b in bindings if _lvalue(item[1], b) not in true]
            if not nxt:
                return "not " + _lshow(item[2], bindings[0])
            bindings = nxt
        else:
            left_p, guards, cmp = item[1], item[2], item[3]
            nxt = []
            for b in bindings:
                left = _lvalue(left_p, b)
                ok = True
                for op, right_p in guards:
                    right = _lvalue(right_p, b)
                    if left is not None and right is not None and not _lcompare(op, left, right):
                        ok = False
                if ok:
                    nxt.append(b)
            if not nxt:
                return _lshow(cmp, bindings[0])
            bindings = nxt
    return None


def _lshow(term: Any, binding: dict) -> str:
    text = str(term)
    for name, value in sorted(binding.items(), key=lambda kv: -len(kv[0])):
        text = _replace_var(text, name, _lstr(value))
    return text


def _replace_var(text: str, name: str, value: str) -> str:
    return re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", value, text)
