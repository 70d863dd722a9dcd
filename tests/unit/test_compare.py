"""--baseline: the change per dimension, findings new/resolved/open, divergences closed/widened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samarbeid.rubric.model import Rubric
from samarbeid.score.compare import compare
from samarbeid.score.scoring import assess
from testkit import DATA, MINI, ROOT, Cli, submission


def k(**answers: Any) -> dict[str, Any]:
    return {"role": "kommune", "answers": answers}


def e(**answers: Any) -> dict[str, Any]:
    return {"role": "entreprenor", "answers": answers}


def test_change_per_dimension_and_findings(mini: Rubric) -> None:
    before = assess(
        mini,
        submission(
            mini,
            k(koordinator="nei", forankringsplan="nei", **{"felles-mal": 2}),
            e(koordinator="ja", forankringsplan="nei", **{"felles-mal": 2}),
        ),
    )
    after = assess(
        mini,
        submission(
            mini,
            k(koordinator="ja", forankringsplan="nei", **{"felles-mal": 5}),
            e(koordinator="ja", forankringsplan="ja", **{"felles-mal": 2}),
        ),
    )
    b = compare(before, after).baseline
    assert b is not None
    assert b.dimensions["forstaelse"].before == 25.0
    assert b.dimensions["forstaelse"].after == 62.5
    assert b.dimensions["forstaelse"].change == 37.5
    assert [f.id for f in b.findings.resolved] == [
        "mangler-koordinator",
        "svak-forankring",
        "liten-kapasitet",
    ]
    assert [f.id for f in b.findings.new] == ["ulik-forstaelse"]
    assert [f.id for f in b.findings.open] == ["mangler-forankringsplan"]
    assert b.level == "red"


def test_divergences_closed_new_widened(mini: Rubric) -> None:
    before = assess(
        mini,
        submission(
            mini,
            k(koordinator="ja", **{"felles-mal": 5, "roller": 4}),
            e(koordinator="nei", **{"felles-mal": 3, "roller": 2}),
        ),
    )
    after = assess(
        mini,
        submission(
            mini,
            k(koordinator="ja", **{"felles-mal": 5, "roller": 5}),
            e(koordinator="ja", **{"felles-mal": 1, "roller": 2}),
        ),
    )
    changes = {d.question: (d.before, d.after, d.change) for d in compare(before, after).baseline.divergences}
    assert changes == {
        "felles-mal": (50.0, 100.0, "widened"),
        "roller": (50.0, 75.0, "widened"),
        "koordinator": (100.0, None, "closed"),
    }


def test_json_has_a_null_baseline_without_one(cli: Cli) -> None:
    data = json.loads(cli("--rubric", MINI, "report", DATA / "mini-answers.yaml", "-f", "json").stdout)
    assert data["baseline"] is None


def test_baseline_of_another_project_is_left_out_with_a_warning(cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from testkit import answer_file

    other = tmp_path / "annet.yaml"
    other.write_text(
        answer_file([{"role": "kommune"}], project_id="annet", status="in_progress"), encoding="utf-8"
    )
    result = cli("--rubric", MINI, "report", DATA / "mini-answers.yaml", "--baseline", other, "-f", "json")
    assert result.exit_code == 0
    assert f"{other}:1:1: warning: gjelder prosjektet 'annet'" in result.stderr
    data = json.loads(result.stdout)
    assert data["baseline"] is None
    assert data["trend"] == [] or [t["files"] for t in data["trend"]] == [[str(DATA / "mini-answers.yaml")]]


def test_a_baseline_not_older_than_the_report_is_left_out_with_a_warning(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing a 2020 report with a 2021 «baseline» would list new problems as resolved."""
    monkeypatch.chdir(ROOT)
    result = cli(
        "report",
        "examples/tidligere/inderoy-helsefag-2020.yaml",
        "--baseline",
        "examples/inderoy-helsefag.yaml",
        "-f",
        "json",
    )
    assert result.exit_code == 0
    assert "warning: vurderingen fra 2021-06-15 er ikke eldre enn denne (2020-09-01)" in result.stderr
    assert json.loads(result.stdout)["baseline"] is None


def test_three_assessments_give_a_three_point_trend_in_date_order(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("report", "examples/inderoy-helsefag.yaml", "--baseline", "examples/tidligere", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    trend = data["trend"]
    assert [t["assessed"] for t in trend] == ["2020-03-01", "2020-09-01", "2021-06-15"]
    assert trend[-1]["score"] == data["score"] and trend[-1]["level"] == data["level"]
    assert set(trend[0]["dimensions"]) == {"forstaelse", "forankring", "forpliktelse"}
    assert data["baseline"]["assessed"] == "2020-09-01"  # the change since the latest earlier one


def test_files_of_one_earlier_assessment_are_one_point(cli: Cli, tmp_path: Path) -> None:
    """Two files with the same date (one per party) are one earlier assessment, not two."""
    from testkit import answer_file

    for role in ("kommune", "entreprenor"):
        text = answer_file([{"role": role, "answers": {"felles-mal": 2}}])
        (tmp_path / f"{role}.yaml").write_text(
            text.replace("  entreprenor: Test AS\n", "  entreprenor: Test AS\n  assessed: 2020-01-01\n"),
            encoding="utf-8",
        )
    now = tmp_path / "naa.yaml"
    now.write_text(
        answer_file([{"role": "kommune", "answers": {"felles-mal": 5}}]).replace(
            "  entreprenor: Test AS\n", "  entreprenor: Test AS\n  assessed: 2021-01-01\n"
        ),
        encoding="utf-8",
    )
    result = cli(
        "--rubric",
        MINI,
        "report",
        now,
        "--baseline",
        tmp_path / "kommune.yaml",
        "--baseline",
        tmp_path / "entreprenor.yaml",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    trend = json.loads(result.stdout)["trend"]
    assert [t["assessed"] for t in trend] == ["2020-01-01", "2021-01-01"]
    assert len(trend[0]["files"]) == 2


def test_a_baseline_folder_is_read_only_for_the_projects_own_files(cli: Cli, tmp_path: Path) -> None:
    """A shared archive: the other projects' files are passed over by the id in their head,
    so one that is broken, or too large to read, stops nothing and is not warned about."""
    archive = tmp_path / "arkiv"
    archive.mkdir()
    own = (DATA / "mini-answers.yaml").read_text(encoding="utf-8")
    (archive / "eldre.yaml").write_text(own.replace("assessed: 2024-05-01", "assessed: 2023-05-01"))
    head = "samarbeid: 1\nproject:\n  id: {}\n  name: Et annet prosjekt\n"
    (archive / "brutt.yaml").write_text(head.format("brutt") + "respondents: [\n", encoding="utf-8")
    (archive / "stor.yaml").write_text(head.format("stor") + "# " + "x" * (3 << 20) + "\n", encoding="utf-8")
    result = cli("--rubric", MINI, "report", DATA / "mini-answers.yaml", "--baseline", archive, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "brutt" not in result.stderr and "stor" not in result.stderr
    data = json.loads(result.stdout)
    assert data["baseline"]["files"] == [str(archive / "eldre.yaml")]
