"""The package is layered (docs/architecture.md): no module imports, however lazily, one that
imports it back, and neither does a subpackage taken as a whole, so every import runs down."""

from __future__ import annotations

import ast
from pathlib import Path

import samarbeid

PACKAGE = Path(samarbeid.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path) -> set[str]:
    """The samarbeid modules a file imports anywhere (at the top, in a function, or for types only)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "samarbeid":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return found & MODULES.keys()


def room(module: str) -> str:
    """A module, or the subpackage it belongs to (``samarbeid.render.json`` → ``samarbeid.render``)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A loop of ``graph`` (as the nodes along it), or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])) is not None:
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])) is not None:
            return found
    return None


GRAPH = {name: imports(path) - {name} for name, path in MODULES.items()}


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycle(GRAPH) is None


def test_no_subpackage_imports_one_that_imports_it_back() -> None:
    """A subpackage (render, rubric, i18n, answerfile …) is one layer: what it imports stands
    below all of it."""
    rooms: dict[str, set[str]] = {}
    for name, targets in GRAPH.items():
        rooms.setdefault(room(name), set()).update(room(t) for t in targets if room(t) != room(name))
    assert cycle(rooms) is None


def test_the_check_sees_a_loop() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert "samarbeid.render" in {room(t) for t in GRAPH["samarbeid.batch"]}
