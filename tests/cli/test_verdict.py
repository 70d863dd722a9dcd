"""An honest verdict: below the coverage threshold no format shows red or green, whatever the
findings; the findings still count for the gate; and a thin set of healthy answers says it is
not evidence of health."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samarbeid.i18n import t
from samarbeid.score.scoring import CONCLUSIVE_COVERAGE
from testkit import Cli, answer_file


def _thin(tmp_path: Path, answers: dict[str, object]) -> Path:
    path = tmp_path / "tynn.yaml"
    path.write_text(answer_file([{"role": "kommune", "answers": answers}]), encoding="utf-8")
    return path


@pytest.fixture
def critical_but_thin(tmp_path: Path) -> Path:
    """One answer: no coordinator, a critical gap, at a coverage far below the threshold."""
    return _thin(tmp_path, {"kommunal-koordinator": "nei"})


@pytest.fixture
def healthy_but_thin(tmp_path: Path) -> Path:
    return _thin(tmp_path, {"kommunal-koordinator": "ja", "felles-mal": 5, "forankringsplan": "ja"})


def test_a_critical_finding_does_not_colour_a_thin_basis(cli: Cli, critical_but_thin: Path) -> None:
    data = json.loads(cli("report", critical_but_thin, "-f", "json").stdout)
    assert data["coverage"] < CONCLUSIVE_COVERAGE
    assert data["level"] == "inconclusive"
    assert [(f["id"], f["severity"]) for f in data["findings"] if f["id"] != "ensidig-besvart"] == [
        ("mangler-koordinator", "critical")
    ]


def test_the_findings_of_a_thin_basis_still_fail_the_gate(cli: Cli, critical_but_thin: Path) -> None:
    assert cli("report", critical_but_thin, "--fail-on", "high").exit_code == 1
    summary = json.loads(cli("batch", critical_but_thin, "-f", "json").stdout)["summary"]
    assert summary["levels"]["inconclusive"] == 1 and summary["levels"]["red"] == 0


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_format_says_the_basis_is_too_thin(cli: Cli, critical_but_thin: Path, lang: str) -> None:
    said = t("h.thin.findings", lang)
    for fmt in ("terminal", "markdown", "html"):
        out = " ".join(cli("report", critical_but_thin, "-f", fmt, "--lang", lang).stdout.split())
        assert said in out, fmt
        assert t("h.cap.critical", lang) not in out, fmt  # «… er samlet nivå rødt uansett snitt»
    terminal = cli("report", critical_but_thin, "--lang", lang).stdout
    headline = next(line for line in terminal.splitlines() if line.startswith(t("r.overall", lang)))
    assert t("level.inconclusive", lang) in headline
    assert t("level.red", lang) not in headline and t("level.green", lang) not in headline


def test_a_thin_healthy_basis_is_not_called_healthy(cli: Cli, healthy_but_thin: Path) -> None:
    data = json.loads(cli("report", healthy_but_thin, "-f", "json").stdout)
    assert data["level"] == "inconclusive"
    assert [f["id"] for f in data["findings"]] == ["ensidig-besvart"]
    markdown = cli("report", healthy_but_thin, "-f", "markdown").stdout
    assert t("h.thin.findings", "nb") in markdown  # the one-sided finding still holds


def test_healthy_answers_from_both_parties_on_a_thin_basis_say_so(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "begge.yaml"
    both = {"kommunal-koordinator": "ja", "felles-mal": 5}
    path.write_text(
        answer_file(
            [{"role": "kommune", "answers": dict(both)}, {"role": "entreprenor", "answers": dict(both)}]
        ),
        encoding="utf-8",
    )
    data = json.loads(cli("report", path, "-f", "json").stdout)
    assert (data["level"], data["findings"]) == ("inconclusive", [])
    for fmt in ("terminal", "markdown", "html"):
        assert t("h.thin.healthy", "nb") in " ".join(cli("report", path, "-f", fmt).stdout.split()), fmt
