"""samarbeid.pipeline.group_files: the one rule for which answer files make one assessment."""

from __future__ import annotations

from pathlib import Path

from samarbeid.load.answers import load_file
from samarbeid.pipeline import group_files
from samarbeid.rubric.model import Rubric
from testkit import answer_file


def write(folder: Path, name: str, project: str, day: str | None, role: str = "kommune") -> Path:
    text = answer_file([{"role": role, "answers": {"felles-mal": 3}}], project_id=project)
    if day is not None:
        text = text.replace("  entreprenor: Test AS\n", f"  entreprenor: Test AS\n  assessed: {day}\n")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_projects_by_id_newest_round_scored_earlier_rounds_history(tmp_path: Path, mini: Rubric) -> None:
    paths = [
        write(tmp_path, "z-ny.yaml", "alfa", "2026-02-01"),
        write(tmp_path, "a-ny.yaml", "alfa", "2026-01-20", role="entreprenor"),  # same round: 12 days
        write(tmp_path, "gammel.yaml", "alfa", "2025-01-01"),
        write(tmp_path, "udatert.yaml", "alfa", None, role="entreprenor"),  # undated: the newest round
        write(tmp_path, "beta.yaml", "beta", "2020-01-01"),
    ]
    groups, warnings = group_files([load_file(p, mini) for p in paths])
    assert [g.project for g in groups] == ["alfa", "beta"]
    alfa, beta = groups
    assert [Path(lf.file).name for lf in alfa.files] == ["a-ny.yaml", "udatert.yaml", "z-ny.yaml"]
    assert [Path(lf.file).name for lf in alfa.history] == ["gammel.yaml"]
    assert [Path(lf.file).name for lf in beta.files] == ["beta.yaml"] and beta.history == []
    (warning,) = warnings
    assert (warning.code, warning.severity, Path(warning.where.file).name) == (
        "batch.history",
        "warning",
        "gammel.yaml",
    )
    assert warning.params["count"] == 1 and warning.params["project"] == "alfa"
