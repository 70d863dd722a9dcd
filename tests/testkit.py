"""Shared test helpers: paths, the in-process CLI runner and answer-file builders.

Imported as ``testkit`` (pytest puts ``tests/`` on ``sys.path``, see ``pythonpath`` in
pyproject.toml), never as ``tests.testkit``: the repository root must stay off ``sys.path``
so that the tests exercise the installed ``samarbeid``, not the source tree.
"""

from __future__ import annotations

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
