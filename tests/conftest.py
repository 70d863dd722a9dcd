"""Shared fixtures: the CLI runner, the small test rubric, and answer-file builders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from samarbeid.cli import app
from samarbeid.load import Submission, merge, validate_document
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.yamlread import parse_text

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini-rubric.yaml"


@pytest.fixture(scope="session")
def mini() -> Rubric:
    return load_rubric(MINI)


@pytest.fixture(scope="session")
def default_rubric() -> Rubric:
    return load_rubric()


def answer_file(respondents: list[dict[str, Any]], *, project_id: str = "test-prosjekt",
                status: str = "complete") -> str:
    """The YAML text of an answer file with these respondents."""
    data = {
        "samarbeid": 1,
        "project": {"id": project_id, "name": "Testprosjekt", "kommune": "Testkommune",
                    "entreprenor": "Test AS"},
        "status": status,
        "respondents": respondents,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def submission(rubric: Rubric, *respondents: dict[str, Any], name: str = "test.yaml") -> Submission:
    """Validate and merge an in-memory answer file."""
    doc = parse_text(answer_file(list(respondents)), name)
    return merge([validate_document(doc, rubric)])


def uniform(rubric: Rubric, role: str, pick: Callable[[list[Any]], Any], **extra: Any) -> dict[str, Any]:
    """A respondent answering every question of ``role`` with ``pick(scale values)``."""
    from samarbeid.rubric.model import SCALES

    answers = {q.id: pick(list(SCALES[q.scale])) for q in rubric.questions_for(role)}
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


@pytest.fixture
def cli() -> Cli:
    return Cli()
