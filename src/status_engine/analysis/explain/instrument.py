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


class RuleMeta:
    """One rule of the rule base as the explanations see it.

    The rule's head and body as clingo AST are read again from its text when first asked
    (only the rules an explanation walks are), so an instrumented rule base kept on disk
    (``cache``) needs no AST walk at start.
    """

    __slots__ = ("index", "rule_id", "file", "line", "text", "signature", "_parsed")

    def __init__(self, index: int, rule_id: Optional[str], file: str, line: int, text: str,
                 signature: tuple[str, int], parsed: Optional[tuple[Any, tuple]] = None) -> None:
        self.index = index
        self.rule_id = rule_id  # from its rule(Id) literal; None for views (inputs.lp)
        self.file = file
        self.line = line
        self.text = text
        self.signature = signature  # the head's (name, arity)
        self._parsed = parsed

    def _parse(self) -> tuple[Any, tuple]:
        if self._parsed is None:
            got: list[Any] = []
            ast.parse_string(self.text, got.append)
            stm = next(s for s in got if s.ast_type == ast.ASTType.Rule)
            self._parsed = (_head_term(stm), tuple(stm.body))
        return self._parsed

    @property
    def head(self) -> Any:
        """The head atom as an AST term."""
        return self._parse()[0]

    @property
    def body(self) -> tuple:
        """The body literals as AST."""
        return self._parse()[1]


@dataclass
class Instrumented:
    program: str  # the rules and their ``_why`` twins, as one program text
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


def _walk(statements: Iterable[Any]) -> tuple[str, list[RuleMeta]]:
    """The instrumented program's text and the rules' metadata, from the parsed rule base."""
    out: list[str] = []
    metas: list[RuleMeta] = []
    for stm in statements:
        out.append(str(stm))
        if stm.ast_type != ast.ASTType.Rule:
            continue
        head = _head_term(stm)
        if head is None or head.ast_type != ast.ASTType.Function:
            continue
        begin = stm.location.begin
        body = tuple(stm.body)
        meta = RuleMeta(len(metas), rule_id(body), "rules/" + Path(begin.filename).name, begin.line, out[-1],
                        (head.name, len(head.arguments)), (head, body))
        metas.append(meta)
        out.append(str(_why_rule(meta.index, stm, head)))
    return "\n".join(out) + "\n", metas


def _cache_key(files: tuple[str, ...]) -> Optional[str]:
    from ... import cache

    try:
        contents = [Path(f).read_bytes() for f in files]
    except OSError:
        return None
    here = Path(__file__).read_bytes()  # this module writes the entries: an edit of it is a miss
    return cache.key("instrumented", [clingo.__version__, here, *files, *contents])


@lru_cache(maxsize=4)
def _instrument(signature: tuple[tuple[str, int, int], ...]) -> Instrumented:
    """Instrumented once per process and per edit of a rule file; across processes the
    result is kept in the disk cache (see ``cache``), keyed by the files' contents."""
    from ... import cache
    from ...solver.solving import parsed

    files = tuple(f for f, _, _ in signature)
    name = _cache_key(files)
    kept = cache.load(name) if name else None
    if isinstance(kept, dict) and isinstance(kept.get("program"), str) and isinstance(kept.get("metas"), list):
        metas = [RuleMeta(i, rid, file, line, text, (head, arity))
                 for i, (rid, file, line, text, head, arity) in enumerate(kept["metas"])]
        program_text = kept["program"]
    else:
        program_text, metas = _walk(parsed(signature))
        if name:
            cache.store(name, {"program": program_text,
                               "metas": [[m.rule_id, m.file, m.line, m.text, *m.signature] for m in metas]})
    by_head: dict[tuple[str, int], list[RuleMeta]] = {}
    for m in metas:
        by_head.setdefault(m.signature, []).append(m)
    return Instrumented(program_text, metas, by_head)


def instrumented(rules: RuleBook) -> Instrumented:
    from ...solver.solving import signature

    return _instrument(signature(rules))


def explain_control(prep: Any, extra_atoms: Iterable[Symbol] = ()) -> clingo.Control:
    """A grounded Control over the instrumented rules, showing every atom."""
    inst = instrumented(prep.rules)
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], inst.program + MECHANISM + VERDICT_MECHANISM)
    with ctl.backend() as backend:
        for sym in [*prep.facts.atoms, *extra_atoms]:
            backend.add_rule([backend.add_atom(sym)])
    ctl.ground([("base", [])])
    ctl.assign_external(ENFORCE, True)
    return ctl


class grounded_meanwhile:
    """The instrumented Control of a prepared scenario, grounded in a thread while the caller
    evaluates it: both are mostly clingo grounding and solving, which release the
    interpreter lock, so on two cores they overlap.  ``get()`` waits for it (and raises what
    the grounding raised)."""

    def __init__(self, prep: Any) -> None:
        import threading

        self._got: list[Any] = []
        self._thread = threading.Thread(target=self._run, args=(prep,), name="status-engine-grounding", daemon=True)
        self._thread.start()

    def _run(self, prep: Any) -> None:
        try:
            self._got.append(explain_control(prep))
        except BaseException as exc:  # noqa: BLE001 - raised again by get()
            self._got.append(exc)

    def get(self) -> clingo.Control:
        self._thread.join()
        got = self._got[0]
        if isinstance(got, BaseException):
            raise got
        return got  # type: ignore[no-any-return]
