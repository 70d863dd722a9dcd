"""``samarbeid report``: one project's report from its answer files."""

from __future__ import annotations

from pathlib import Path

from samarbeid.commands import emit, gate_failed
from samarbeid.errors import ExitCode, UsageError
from samarbeid.load import load_submission
from samarbeid.render import ReportFormat, render_report
from samarbeid.rubric import load_rubric
from samarbeid.score import assess


def run(files: list[Path], *, fmt: ReportFormat, output: Path | None, fail_on: str, lang: str,
        rubric_path: Path | None, color: bool, width: int) -> ExitCode:
    """Load, score and render; exit 1 when a finding reaches ``fail_on``."""
    if not files:
        raise UsageError("usage.no_files")
    rubric = load_rubric(rubric_path)
    assessment = assess(rubric, load_submission(files, rubric), lang)
    emit(render_report(assessment, fmt, color=color and output is None, width=width), output)
    failed = gate_failed((f.severity for f in assessment.findings), fail_on)
    return ExitCode.GATE if failed else ExitCode.OK
