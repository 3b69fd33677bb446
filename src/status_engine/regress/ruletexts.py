"""The rule files read as rules: status names in heads, and each rule id's normalised text.

``vocabulary`` learns status names from the heads, ``rule_diff`` compares the texts by
rule id (comments and layout dropped), so a reformatted rule is not a changed one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from ..errors import RuleBaseError


def _rule_id(body: Iterable[Any]) -> Optional[str]:
    from ..analysis.explain.instrument import rule_id as rule_id_of  # one reading of rule(Id) for the whole package

    return rule_id_of(body)


@lru_cache(maxsize=16)
def _parsed(files: tuple[tuple[str, str], ...]) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Status names in rule heads, and the normalised rule texts per rule id."""
    import clingo.ast as ast

    statuses: set[str] = set()
    texts: dict[str, list[str]] = {}
    for name, text in files:
        def take(stm: Any, name: str = name) -> None:
            if stm.ast_type != ast.ASTType.Rule:
                return
            head = stm.head
            if head.ast_type == ast.ASTType.Literal and head.atom.ast_type == ast.ASTType.SymbolicAtom:
                sym = head.atom.symbol
                if sym.ast_type == ast.ASTType.Function and sym.name == "status" and len(sym.arguments) == 2:
                    arg = sym.arguments[1]
                    if arg.ast_type == ast.ASTType.SymbolicTerm:
                        statuses.add(str(arg.symbol))
                    elif arg.ast_type == ast.ASTType.Function and not arg.arguments:
                        statuses.add(arg.name)
            rid = _rule_id(stm.body) or f"(statements without a rule id in {name})"
            texts.setdefault(rid, []).append(str(stm))

        try:
            ast.parse_string(text, take)
        except RuntimeError as exc:
            raise RuleBaseError(f"{name}: cannot parse the rule file: {exc}") from None
    return frozenset(statuses), {k: tuple(sorted(v)) for k, v in texts.items()}


def _rule_files(book: Any) -> tuple[tuple[str, str], ...]:
    return tuple((Path(f).name, Path(f).read_text(encoding="utf-8")) for f in book.files)


def rule_texts(book: Any) -> dict[str, tuple[str, ...]]:
    """Rule id -> the normalised text of every rule carrying it (comments and layout dropped)."""
    return _parsed(_rule_files(book))[1]


def head_statuses(book: Any) -> frozenset[str]:
    """Status names some rule head of the rule base derives."""
    return _parsed(_rule_files(book))[0]
