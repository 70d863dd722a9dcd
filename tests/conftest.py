"""Shared fixtures: the CLI runner and the rubrics. Helpers live in ``testkit.py``."""

from __future__ import annotations

import pytest

from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from testkit import MINI, Cli


@pytest.fixture(scope="session")
def mini() -> Rubric:
    return load_rubric(MINI)


@pytest.fixture(scope="session")
def default_rubric() -> Rubric:
    return load_rubric()


@pytest.fixture
def cli() -> Cli:
    return Cli()
