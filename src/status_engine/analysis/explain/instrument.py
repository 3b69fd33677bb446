"""The rule base instrumented: each rule ``H :- B`` gains a twin ``_why(N, H, (pos), (neg)) :- B``.

The rule files are parsed with clingo's AST once per set of files; every model of the
instrumented program then carries, for each derived atom, the rule that derived it (number
``N``, hence its ``rule(Id)``, file and line) and the atoms that made it fire.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import clingo
import clingo.ast as ast
from clingo import Symbol

from ...solver.mechanism import program
from ...solver.engine import ENFORCE, MECHANISM
from ...rulebook.book import RuleBook

# The contract's verdict of one outcome in one world, as an atom (mechanism, no law).
VERDICT_MECHANISM = program("verdict")  # mechanism/verdict.lp


@dataclass(frozen=True)
class RuleMeta:
    """One rule of the rule base as the explanations see it."""

    index: int
    rule_id: Optional[str]  # from its rule(Id) literal; None for views (inputs.lp)
    file: str
    line: int
    text: str
    head: Any  # AST term
    body: tuple  # AST body literals


@dataclass
class Instrumented:
    statements: list
    metas: list[RuleMeta]
    by_head: dict[tuple[str, int], list[RuleMeta]]


def rule_id(body: Iterable[Any]) -> Optional[str]:
    for lit in body:
        if lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.SymbolicAtom:
            term = lit.atom.symbol
            if term.ast_type == ast.ASTType.Function and term.name == "rule" and len(term.arguments) == 1:
                return str(term.arguments[0])
    return None


def _head_term(stm: Any) -> Any:
    head = stm.head
    if head.ast_type == ast.ASTType.Literal and head.sign == ast.Sign.NoSign \
            and head.atom.ast_type == ast.ASTType.SymbolicAtom:
        return head.atom.symbol
    return None


class _NameAnonymous(ast.Transformer):
    """``_`` in a positive literal becomes a fresh named variable, so it may be copied."""

    def __init__(self) -> None:
        self.n = 0

    def visit_Variable(self, node: Any) -> Any:
        if node.name != "_":
            return node
        self.n += 1
        return node.update(name=f"Anon_{self.n}")


# An anonymous variable in a literal's text: a ``_`` standing alone (not part of a name).
_ANONYMOUS = re.compile(r"(?<![\w'])_(?![\w'])")


def _has_anonymous(term: Any) -> bool:
    return "_" in {v for v in str(term).replace("(", " ").replace(")", " ").replace(",", " ").split()}


def _why_rule(meta_index: int, stm: Any, head: Any) -> Any:
    loc = stm.location
    namer = _NameAnonymous()
    body = []
    for lit in stm.body:
        if lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.SymbolicAtom \
                and lit.sign == ast.Sign.NoSign and _ANONYMOUS.search(str(lit)):
            lit = namer(lit)  # (the transformer walks the whole literal: only where a ``_`` is)
        body.append(lit)
    pos, neg = [], []
    for lit in body:
        if lit.ast_type != ast.ASTType.Literal or lit.atom.ast_type != ast.ASTType.SymbolicAtom:
            continue
        term = lit.atom.symbol
        if term.ast_type == ast.ASTType.Function and term.name == "rule":
            continue
        if lit.sign == ast.Sign.NoSign:
            pos.append(term)
        elif not _has_anonymous(term):
            neg.append(term)
    tup = lambda items: ast.Function(loc, "", items, 0)  # noqa: E731
    why = ast.Function(loc, "_why", [ast.SymbolicTerm(loc, clingo.Number(meta_index)), head, tup(pos), tup(neg)], 0)
    return ast.Rule(loc, ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(why)), body)


@lru_cache(maxsize=4)
def _instrument(files: tuple[str, ...]) -> Instrumented:
    statements: list = []
    metas: list[RuleMeta] = []

    def take(stm: Any) -> None:
        statements.append(stm)
        if stm.ast_type != ast.ASTType.Rule:
            return
        head = _head_term(stm)
        if head is None or head.ast_type != ast.ASTType.Function:
            return
        begin = stm.location.begin
        meta = RuleMeta(len(metas), rule_id(stm.body), "rules/" + Path(begin.filename).name, begin.line, str(stm),
                        head, tuple(stm.body))
        metas.append(meta)
        statements.append(_why_rule(meta.index, stm, head))

    ast.parse_files(list(files), take)
    by_head: dict[tuple[str, int], list[RuleMeta]] = {}
    for m in metas:
        by_head.setdefault((m.head.name, len(m.head.arguments)), []).append(m)
    return Instrumented(statements, metas, by_head)


def instrumented(rules: RuleBook) -> Instrumented:
    return _instrument(tuple(str(f) for f in rules.files))


def explain_control(prep: Any, extra_atoms: Iterable[Symbol] = ()) -> clingo.Control:
    """A grounded Control over the instrumented rules, showing every atom."""
    inst = instrumented(prep.rules)
    ctl = clingo.Control(["--warn=none"])
    with ast.ProgramBuilder(ctl) as builder:
        for stm in inst.statements:
            builder.add(stm)
    ctl.add("base", [], MECHANISM + VERDICT_MECHANISM)
    with ctl.backend() as backend:
        for sym in [*prep.facts.atoms, *extra_atoms]:
            backend.add_rule([backend.add_atom(sym)])
    ctl.ground([("base", [])])
    ctl.assign_external(ENFORCE, True)
    return ctl
