"""Every example in every format against reviewed golden files; every invalid example's exact error.

Regenerate after a reviewed change (testkit.assert_golden):
SAMARBEID_UPDATE_GOLDEN=1 python -m pytest tests/golden
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit import EXAMPLES, GOLDEN, ROOT, Cli, assert_golden, example_projects

FORMATS = {"terminal": "txt", "markdown": "md", "json": "json", "html": "html"}


CASES = [
    (name, fmt, lang)
    for name in example_projects()
    for fmt in FORMATS
    for lang in ("nb", "en")
    if lang == "nb" or fmt in ("markdown", "html")
]


@pytest.mark.parametrize(("name", "fmt", "lang"), CASES, ids=[f"{n}-{f}-{lang}" for n, f, lang in CASES])
def test_example_matches_golden(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, fmt: str, lang: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("report", *example_projects()[name], "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert_golden(GOLDEN / f"{name}.{lang}.{FORMATS[fmt]}", result.stdout)


BASELINE = {"inderoy-helsefag": "examples/tidligere/inderoy-helsefag-2020.yaml"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", list(BASELINE))
def test_example_with_baseline_matches_golden(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, fmt: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("report", *example_projects()[name], "--baseline", BASELINE[name], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert_golden(GOLDEN / f"{name}.baseline.nb.{FORMATS[fmt]}", result.stdout)


#: the human formats whose short default and --detail differ (HTML has its own tests)
DETAIL_FORMATS = {"terminal": "txt", "markdown": "md"}


@pytest.mark.parametrize("fmt", list(DETAIL_FORMATS))
def test_example_in_detail_matches_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("report", *example_projects()["inderoy-helsefag"], "--detail", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert_golden(GOLDEN / f"inderoy-helsefag.detail.nb.{DETAIL_FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", list(DETAIL_FORMATS))
def test_example_with_a_trend_matches_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """Two earlier assessments (examples/tidligere/): a trend of three points."""
    monkeypatch.chdir(ROOT)
    result = cli(
        "report", *example_projects()["inderoy-helsefag"], "--baseline", "examples/tidligere", "--format", fmt
    )
    assert result.exit_code == 0, result.stderr
    assert_golden(GOLDEN / f"inderoy-helsefag.trend.nb.{DETAIL_FORMATS[fmt]}", result.stdout)


def test_there_are_at_least_five_examples() -> None:
    assert len(example_projects()) >= 5


INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_gives_its_exact_error(cli: Cli, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("validate", str(path.relative_to(ROOT)))
    assert result.exit_code == 2
    assert result.stderr == path.with_suffix(".expected").read_text(encoding="utf-8")
