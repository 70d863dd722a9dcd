"""The test suite's own layout (docs/testing.md): a folder per tier, helpers in shared
modules, never one test module importing another."""

from __future__ import annotations

import ast

from conftest import TIERS
from testkit import TESTS


def test_every_test_module_lives_in_a_tier_folder() -> None:
    outside = [
        str(p.relative_to(TESTS))
        for p in TESTS.rglob("test_*.py")
        if p.relative_to(TESTS).parts[0] not in TIERS
    ]
    assert outside == []
    assert {p.relative_to(TESTS).parts[0] for p in TESTS.rglob("test_*.py")} == set(TIERS)


def test_no_test_module_imports_another() -> None:
    found = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            found += [f"{path.relative_to(TESTS)}: {n}" for n in names if n.split(".")[0].startswith("test_")]
    assert found == []


def test_module_names_are_unique_across_tiers() -> None:
    names = [p.name for p in TESTS.rglob("test_*.py")]
    assert len(names) == len(set(names))
