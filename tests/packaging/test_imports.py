"""The package's import graph is a DAG: no module imports, directly or through others, a
module that imports it back.  Imports inside functions count (a lazy import is still a
dependency; ``cli`` -> ``commands`` -> ``cli`` once worked only because of them); imports
under ``if TYPE_CHECKING:`` do not run and are not counted."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "status_engine"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run (not those under ``if TYPE_CHECKING:``)."""
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package modules it imports (``from . import x`` names module ``x`` when it is one)."""
    files = {_module_name(p, root): p for p in root.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[:len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in files else target for a in node.names]
            edges[name] |= {t for t in targets if t in files and t != name}
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules (first == last), or [] when the graph is a DAG."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


# One lazy import still closes a cycle, in files being rebuilt by another part of issue 10
# (the solver session): engine.solve -> per_profile, which imports engine (and verdicts,
# which imports engine).  It is set aside by name, so any other cycle fails this test.
KNOWN: set[tuple[str, str]] = set()  # none left: Consequences lives in solving, below both


def test_the_package_imports_form_no_cycle():
    edges = graph()
    for a, b in KNOWN:
        edges[a].discard(b)
    found = cycle(edges)
    assert found == [], "import cycle: " + " -> ".join(found)


def test_cli_and_commands_do_not_import_each_other():
    """``cli.app`` registers the commands; the command groups (and the what-if workers, the web
    app) take what they share from ``cli.base``, never from ``cli.app``."""
    edges = graph()
    assert [m for m, targets in edges.items() if "status_engine.cli.app" in targets] == []


def test_the_check_sees_a_cycle_through_a_lazy_import(tmp_path):
    """The check can fail: two modules importing each other, one of them inside a function."""
    pkg = tmp_path / "status_engine"
    (pkg / "commands").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "commands" / "__init__.py").write_text("")
    (pkg / "cli.py").write_text("from .commands import run_cli\n")
    (pkg / "commands" / "run_cli.py").write_text("def f():\n    from ..cli import app\n")
    (pkg / "typed.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import cli\n")
    edges = graph(pkg)
    assert edges["status_engine.cli"] == {"status_engine.commands.run_cli"}
    assert edges["status_engine.typed"] == set()
    assert cycle(edges) in (["status_engine.cli", "status_engine.commands.run_cli", "status_engine.cli"],
                            ["status_engine.commands.run_cli", "status_engine.cli", "status_engine.commands.run_cli"])
