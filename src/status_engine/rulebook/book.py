"""The rule base: its files, its source registry and its content hash.

The rule files ship inside the package (``status_engine/rules``), so an installed wheel
needs no source tree; ``--rules DIR`` points at another directory (a lawyer's draft, a
git revision checked out for ``diff``).  Loading checks that every ``rule(Id)`` used in
a rule body has a source entry and that every entry is used by some rule: a rule
without a citation cannot load.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ..errors import RuleBaseError

_RULE_ID = re.compile(r"\brule\(\s*([a-z][a-zA-Z0-9_]*)\s*\)")
_WORD = re.compile(r"\b[a-z_][a-zA-Z0-9_]*")
_COMMENT = re.compile(r"%\*.*?\*%|%[^\n]*", re.S)


def default_directory() -> Path:
    """The rules shipped with the package (installed as plain files next to this module)."""
    return Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Source:
    """One rule's citation, as the registry gives it."""

    rule: str
    instrument: str
    article: str
    paragraph: str
    paraphrase: str
    link: str
    verified: bool
    last_reviewed: str
    cite: str = ""  # the registry's own citation, where the source has no articles (a judgment, a glossary)

    @property
    def citation(self) -> str:
        """``GC III art. 4A(2)``, ``GC III art. 5(2)``, ``AP I art. 85(4)(b)``; or the registry's
        ``cite`` (``ROK Supreme Court, judgment 96Nu1221 of 12 Nov 1996``)."""
        if self.cite:
            return self.cite
        p = self.paragraph
        if p and p[0].isdigit():
            p = f"({p})" if "(" not in p else "(" + p.replace("(", ")(", 1) if not p.startswith("(") else p
        return f"{self.instrument} art. {self.article}{p}".strip()


@dataclass(frozen=True)
class RuleBook:
    directory: Path
    files: tuple[Path, ...]
    sources: dict[str, Source]
    questions: dict[str, dict[str, Any]]
    instruments: dict[str, Any]
    digest: str
    used_ids: frozenset[str]
    disabled: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)  # every name the rule texts use

    def reads(self, key_name: str) -> bool:
        """Whether any rule mentions this input key's name (a key no rule names cannot matter)."""
        return key_name in self.words

    @cached_property
    def registry(self) -> Any:
        """The treaty registry (``treaties.yaml``): which law binds which state since when."""
        from . import treaties

        return treaties.load(self.directory)[0]

    @cached_property
    def phrases(self) -> Any:
        """The rule base's phrases (``phrases.yaml``): sentences for facts, conclusions, outcomes."""
        from . import phrases

        return phrases.read(self.directory)

    @property
    def enabled(self) -> list[str]:
        return sorted(set(self.sources) - self.disabled)

    @property
    def options(self) -> dict[str, tuple[str, ...]]:
        """Question -> its positions, in registry order."""
        return {q: tuple(spec.get("positions", {})) for q, spec in self.questions.items()}

    def without(self, *rule_ids: str) -> "RuleBook":
        """The same rule base with some rules switched off (mutation tests, what-ifs)."""
        unknown = set(rule_ids) - set(self.sources)
        if unknown:
            raise RuleBaseError(f"no such rule id: {', '.join(sorted(unknown))}")
        return RuleBook(self.directory, self.files, self.sources, self.questions, self.instruments,
                        self.digest + "-" + ",".join(sorted(rule_ids)), self.used_ids,
                        self.disabled | frozenset(rule_ids), self.words)


def _read_registry(path: Path) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleBaseError(f"{path}: cannot read the source registry: {exc}") from None
    if not isinstance(data, dict):
        raise RuleBaseError(f"{path}: the source registry must be a mapping")
    return data


def _source(rule: str, spec: Any, where: Path) -> Source:
    if not isinstance(spec, dict):
        raise RuleBaseError(f"{where}: rules.{rule}: expected a mapping with instrument, article, ...")
    missing = [k for k in ("instrument", "article", "paraphrase", "verified") if k not in spec]
    if missing:
        raise RuleBaseError(f"{where}: rules.{rule}: missing {', '.join(missing)}")
    return Source(rule, str(spec["instrument"]), str(spec["article"]), str(spec.get("paragraph", "") or ""),
                  str(spec["paraphrase"]).strip(), str(spec.get("link", "")), bool(spec["verified"]),
                  str(spec.get("last_reviewed", "")), str(spec.get("cite", "") or ""))


def rule_ids_in(text: str) -> set[str]:
    """Rule ids used in a program text (comments stripped)."""
    return set(_RULE_ID.findall(_COMMENT.sub("", text)))


@lru_cache(maxsize=8)
def load(directory: str | None = None) -> RuleBook:
    """Load and check a rule base (the shipped one by default)."""
    root = Path(directory) if directory else default_directory()
    files = tuple(sorted(root.glob("*.lp")))
    if not files:
        raise RuleBaseError(f"{root}: no rule files (*.lp) found")
    registry_path = root / "sources.yaml"
    if not registry_path.exists():
        raise RuleBaseError(f"{root}: the source registry sources.yaml is missing")
    registry = _read_registry(registry_path)
    sources = {rid: _source(rid, spec, registry_path) for rid, spec in (registry.get("rules") or {}).items()}
    digest = hashlib.sha256()
    used: set[str] = set()
    words: set[str] = set()
    # phrases.yaml is not hashed: wording changes no verdict, and the digest is in every result.
    treaty_path = root / "treaties.yaml"
    for f in files + (registry_path,) + ((treaty_path,) if treaty_path.exists() else ()):
        text = f.read_text(encoding="utf-8")
        digest.update(f.name.encode() + b"\0" + text.encode() + b"\0")
        if f.suffix == ".lp":
            used |= rule_ids_in(text)
            words |= set(_WORD.findall(_COMMENT.sub("", text)))
    uncited = sorted(used - set(sources))
    if uncited:
        raise RuleBaseError(f"{root}: rules without a source entry in sources.yaml: {', '.join(uncited)}")
    unused = sorted(set(sources) - used)
    if unused:
        raise RuleBaseError(f"{registry_path}: source entries that no rule uses: {', '.join(unused)}")
    return RuleBook(root, files, sources, registry.get("questions") or {}, registry.get("instruments") or {},
                    "sha256:" + digest.hexdigest()[:16], frozenset(used), words=frozenset(words))
