"""Shared fixtures: the CLI runner and the rubrics. Helpers live in ``testkit.py``."""

from __future__ import annotations

import pytest

from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from testkit import MINI, Cli


@pytest.fixture(autouse=True)
def strict_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown message code fails the test (in subprocesses too) instead of printing itself."""
    from samarbeid import i18n

    monkeypatch.setenv("SAMARBEID_I18N_STRICT", "1")
    monkeypatch.setattr(i18n, "_strict", True)


@pytest.fixture(scope="session")
def mini() -> Rubric:
    return load_rubric(MINI)


@pytest.fixture(scope="session")
def default_rubric() -> Rubric:
    return load_rubric()


@pytest.fixture
def cli() -> Cli:
    return Cli()
