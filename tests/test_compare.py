"""--baseline: the change per dimension, findings new/resolved/open, divergences closed/widened."""

from __future__ import annotations

import json
from typing import Any

from samarbeid.compare import compare
from samarbeid.rubric.model import Rubric
from samarbeid.score import assess
from testkit import DATA, MINI, Cli, submission


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


def test_baseline_of_another_project_is_refused(cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from testkit import answer_file

    other = tmp_path / "annet.yaml"
    other.write_text(answer_file([{"role": "kommune"}], project_id="annet"), encoding="utf-8")
    result = cli("--rubric", MINI, "report", DATA / "mini-answers.yaml", "--baseline", other)
    assert result.exit_code == 2
    assert "--baseline gjelder prosjektet 'annet'" in result.stderr
