"""`report` and `batch` make the same assessment of the same files: one rule decides which
files make one assessment (samarbeid.pipeline.group_files), so the project, its name, level,
score, findings, warnings and exit code agree (docs/design.md §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from testkit import MINI, ROOT, Cli, answer_file

EXAMPLES = ROOT / "examples"
AS_OF = "2026-06-01"


def both(cli: Cli, *files: Path, rubric: Path | None = None, jobs: str = "1") -> tuple[Any, Any]:
    """The same files through ``report -f json`` and ``batch -f json``, with the same gate."""
    first = ["--rubric", rubric] if rubric else []
    common = ["-f", "json", "--fail-on", "high", "--as-of", AS_OF]
    report = cli(*first, "report", *files, *common)
    batch = cli(*first, "batch", *files, *common, "--jobs", jobs)
    return report, batch


def said(result: Any) -> list[str]:
    """The warning and error lines on stderr."""
    return [line for line in result.stderr.splitlines() if ": warning: " in line or ": error: " in line]


def assert_agree(report: Any, batch: Any) -> dict[str, Any]:
    """Both scored one project the same way; the project's JSON."""
    assert report.exit_code == batch.exit_code, (report.stderr, batch.stderr)
    assert said(report) == said(batch)
    mine = json.loads(report.stdout)
    (theirs,) = json.loads(batch.stdout)["projects"]
    for key in ("project", "level", "score", "risk", "findings", "files", "trend", "baseline"):
        assert mine[key] == theirs[key], key
    # the batch adds where the project stands over time (docs/design.md §7), and only that
    assert {k: theirs.pop(k) for k in ("stale", "change", "presence")}.keys() == {
        "stale",
        "change",
        "presence",
    }
    assert mine == theirs
    return dict(mine)


def dated(text: str, day: str, name: str | None = None) -> str:
    """An answer file's text with an assessment date (and another project name)."""
    text = text.replace("  entreprenor: Test AS\n", f"  entreprenor: Test AS\n  assessed: {day}\n")
    return text if name is None else text.replace("name: Testprosjekt", f"name: {name}")


def test_one_file(cli: Cli) -> None:
    project = assert_agree(*both(cli, EXAMPLES / "inderoy-helsefag.yaml"))
    assert project["project"]["id"] == "inderoy-helsefag"


def test_two_files_of_one_project_are_one_assessment(cli: Cli) -> None:
    """One file per party, answered two days apart: merged in both."""
    files = sorted((EXAMPLES / "delt").glob("*.yaml"))
    project = assert_agree(*both(cli, *files))
    assert project["files"] == [str(f) for f in files]
    assert project["trend"] == []


def test_two_rounds_are_the_newest_with_its_history(cli: Cli) -> None:
    """An assessment and an earlier one of the same project: the newest is scored, the earlier
    one is its history, in report as in batch (before, report refused the pair with exit 2)."""
    files = [EXAMPLES / "tidligere" / "inderoy-helsefag-2020.yaml", EXAMPLES / "inderoy-helsefag.yaml"]
    report, batch = both(cli, *files)
    project = assert_agree(report, batch)
    assert report.exit_code == 1  # its critical finding fails the gate
    assert project["project"]["assessed"] == "2021-06-15"
    assert [t["assessed"] for t in project["trend"]] == ["2020-09-01", "2021-06-15"]
    assert project["baseline"]["assessed"] == "2020-09-01"
    assert "warning: prosjektet 'inderoy-helsefag' har 1 eldre fil(er)" in report.stderr


def test_whatever_the_order_given_the_first_file_in_path_order_names_the_project(
    cli: Cli, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path, role, day, name in [
        (a, "kommune", "2026-03-01", "Alfa"),
        (b, "entreprenor", "2026-03-03", "Beta"),
    ]:
        text = answer_file([{"role": role, "answers": {"felles-mal": 3}}])
        path.write_text(dated(text, day, name), encoding="utf-8")
    report, batch = both(cli, b, a, rubric=MINI)  # b before a on the command line
    project = assert_agree(report, batch)
    assert project["project"]["name"] == "Alfa"
    assert project["files"] == [str(a), str(b)]
    (warning,) = said(report)
    assert warning.startswith(f"{b}:")
    assert f"name er 'Beta' her, men 'Alfa' i {a}" in warning


@pytest.mark.parametrize("newer_named", ["Alfa", "Beta"])
def test_every_human_format_and_a_folder_take_the_same_name(
    cli: Cli, tmp_path: Path, newer_named: str
) -> None:
    """Two files of one project that disagree on its name: the terminal and Markdown
    reports, given the files in either order, and batch's table, Markdown and CSV, given the
    files or their folder, all take the name of the first file in path order."""
    other = "Beta" if newer_named == "Alfa" else "Alfa"
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path, role, day, name in [
        (a, "kommune", "2026-03-01", other),
        (b, "entreprenor", "2026-03-03", newer_named),
    ]:
        text = answer_file([{"role": role, "answers": {"felles-mal": 3}}])
        path.write_text(dated(text, day, name), encoding="utf-8")
    runs = [
        cli("--rubric", MINI, "report", *files, "-f", fmt)
        for files in ((a, b), (b, a))
        for fmt in ("terminal", "markdown")
    ]
    runs += [
        cli("--rubric", MINI, "batch", *given, "-f", fmt, "--jobs", "1")
        for given in ((b, a), (tmp_path,))
        for fmt in ("markdown", "csv", "html")
    ]
    for run in runs:
        assert other in run.stdout and newer_named not in run.stdout, run.stdout


def test_several_rounds_and_workers_agree(cli: Cli, tmp_path: Path) -> None:
    """Three rounds of one project (the last one split over two files), scored in two worker
    processes: the same as report."""
    for name, day, role, value in [
        ("v1.yaml", "2024-01-10", "kommune", 1),
        ("v2.yaml", "2025-01-10", "kommune", 3),
        ("v3-kommune.yaml", "2026-01-10", "kommune", 5),
        ("v3-entreprenor.yaml", "2026-01-20", "entreprenor", 4),
    ]:
        text = answer_file([{"role": role, "answers": {"felles-mal": value}}])
        (tmp_path / name).write_text(dated(text, day), encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    project = assert_agree(*both(cli, *files, rubric=MINI, jobs="2"))
    assert [t["assessed"] for t in project["trend"]] == ["2024-01-10", "2025-01-10", "2026-01-20"]
    assert project["files"] == [str(tmp_path / "v3-entreprenor.yaml"), str(tmp_path / "v3-kommune.yaml")]


def test_a_broken_file_is_the_same_error_in_both(cli: Cli) -> None:
    broken = EXAMPLES / "invalid" / "verdi-utenfor-skalaen.yaml"
    report, batch = both(cli, broken)
    assert report.exit_code == batch.exit_code == 2
    assert said(report) == said(batch) != []


@pytest.mark.parametrize("order", [1, -1])
def test_files_of_two_projects_are_an_error_in_report_and_two_projects_in_batch(cli: Cli, order: int) -> None:
    """One report covers one project; a batch covers many. The error names the file in path
    order after the first, whatever order they were given in."""
    files = [EXAMPLES / "inderoy-helsefag.yaml", EXAMPLES / "sunt-samarbeid.yaml"][::order]
    report, batch = both(cli, *files)
    assert report.exit_code == 2
    assert report.stdout == ""
    first, second = EXAMPLES / "inderoy-helsefag.yaml", EXAMPLES / "sunt-samarbeid.yaml"
    assert said(report) == [
        f"{second}:7:7: error: prosjektet 'vangsfjord-drivkraft-ungdom' er et annet enn "
        f"'inderoy-helsefag' i {first}; én rapport gjelder ett prosjekt"
    ]
    assert batch.exit_code == 1
    ids = [p["project"]["id"] for p in json.loads(batch.stdout)["projects"]]
    assert ids == ["inderoy-helsefag", "vangsfjord-drivkraft-ungdom"]
