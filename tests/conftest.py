"""Shared fixtures: the CLI runner and the rubrics; every test marked with its tier.
Helpers live in ``testkit.py`` (and ``browserkit.py`` for the browser tier)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from testkit import MINI, TESTS, Cli


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C reaches the commands the tests start. A shell starts a background job with
    SIGINT ignored, and an ignored signal stays ignored in every process started from it:
    the tests that interrupt ``batch`` and ``assess`` would then test nothing."""
    import signal

    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


#: The tiers, one folder each (registered as markers in pyproject.toml).
TIERS = ("unit", "cli", "golden", "pty", "browser", "stress")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with the tier of its folder; a test outside every tier folder is an error."""
    for item in items:
        tier = Path(item.path).relative_to(TESTS).parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(
                f"{item.nodeid}: a test module belongs in one of tests/{{{','.join(TIERS)}}}/"
            )
        item.add_marker(tier)


@pytest.fixture(autouse=True, scope="session")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache (samarbeid.cache: the checked rubric, the compiled templates) is a
    folder of the test session, in subprocesses too: never the cache of whoever runs the tests."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder / "samarbeid"
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


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
