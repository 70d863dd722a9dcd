"""Shared test helpers: paths, the in-process CLI runner and answer-file builders.

Imported as ``testkit`` (pytest puts ``tests/`` on ``sys.path``, see ``pythonpath`` in
pyproject.toml), never as ``tests.testkit``: the repository root must stay off ``sys.path``
so that the tests exercise the installed ``samarbeid``, not the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from samarbeid.cli import app
from samarbeid.load import Submission, merge, validate_document
from samarbeid.rubric.model import Rubric
from samarbeid.yamlread import parse_text

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini-rubric.yaml"
NO_ANSWER = ("vet_ikke", "ikke_relevant")
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
#: Regenerate the golden files after a reviewed change:
#: ``SAMARBEID_UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py tests/golden``
UPDATE_GOLDEN = os.environ.get("SAMARBEID_UPDATE_GOLDEN") == "1"


def assert_golden(path: Path, text: str) -> None:
    """``text`` is exactly the reviewed golden file ``path`` (no newline translation either way).
    With ``SAMARBEID_UPDATE_GOLDEN=1`` the file is written first: review its diff."""
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    with path.open(encoding="utf-8", newline="") as golden:
        assert text == golden.read()


#: folders a walk of the source tree leaves out (build output, caches, virtual environments)
_NOT_SOURCE = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache"}


def repository_files() -> list[str]:
    """The repository's files, relative to its root: ``git ls-files`` (tracked, and new files
    not ignored) in a checkout, else (an unpacked sdist) every file outside build output and
    caches."""
    if (ROOT / ".git").exists() and shutil.which("git") is not None:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        )
        names = {name for name in listed.stdout.decode().split("\0") if name}
        return sorted(name for name in names if (ROOT / name).is_file())
    return sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.is_file()
        and not _NOT_SOURCE.intersection(path.relative_to(ROOT).parts)
        and not any(part.endswith(".egg-info") for part in path.parts)
    )


def example_projects() -> dict[str, list[str]]:
    """The projects in ``examples/`` by name, each with its files relative to the repository root:
    each top-level file is a project, and so is each sub-folder but ``invalid/`` (broken files)
    and ``tidligere/`` (earlier assessments, used as ``--baseline``)."""
    found = {p.stem: [str(p.relative_to(ROOT))] for p in sorted(EXAMPLES.glob("*.yaml"))}
    folders = (p for p in EXAMPLES.iterdir() if p.is_dir() and p.name not in ("invalid", "tidligere"))
    for folder in sorted(folders):
        found[folder.name] = [str(p.relative_to(ROOT)) for p in sorted(folder.glob("*.yaml"))]
    return found


def answer_file(
    respondents: list[dict[str, Any]], *, project_id: str = "test-prosjekt", status: str = "complete"
) -> str:
    """The YAML text of an answer file with these respondents."""
    data = {
        "samarbeid": 1,
        "project": {
            "id": project_id,
            "name": "Testprosjekt",
            "kommune": "Testkommune",
            "entreprenor": "Test AS",
        },
        "status": status,
        "respondents": respondents,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def submission(rubric: Rubric, *respondents: dict[str, Any], name: str = "test.yaml") -> Submission:
    """Validate and merge an in-memory answer file (marked complete when it holds answers: a
    complete file without any is an input error)."""
    answered = any(r.get("answers") for r in respondents)
    doc = parse_text(answer_file(list(respondents), status="complete" if answered else "in_progress"), name)
    return merge([validate_document(doc, rubric)])


def uniform(rubric: Rubric, role: str, pick: Callable[[list[Any]], Any], **extra: Any) -> dict[str, Any]:
    """A respondent answering every question of ``role`` with ``pick(scale values)``."""
    answers = {q.id: pick([v for v in q.values() if v not in NO_ANSWER]) for q in rubric.questions_for(role)}
    return {"role": role, **extra, "answers": answers}


def best(rubric: Rubric, role: str, **extra: Any) -> dict[str, Any]:
    return uniform(rubric, role, lambda values: values[-1], **extra)


def worst(rubric: Rubric, role: str, **extra: Any) -> dict[str, Any]:
    return uniform(rubric, role, lambda values: values[0], **extra)


class Cli:
    """Runs the real command line in-process."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None) -> Any:
        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
