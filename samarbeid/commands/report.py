"""``samarbeid report``: one project's report from its answer files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samarbeid.assessment import gate_failed
from samarbeid.commands import emit
from samarbeid.compare import compare
from samarbeid.errors import ExitCode, UsageError
from samarbeid.load import load_submission
from samarbeid.render import ReportFormat, render_report
from samarbeid.rubric import load_rubric
from samarbeid.score import assess


def run(files: list[Path], *, fmt: ReportFormat, output: Path | None, fail_on: str, lang: str,
        rubric_path: Path | None, color: bool, width: int, as_of: dt.date,
        baseline: list[Path] | None = None) -> ExitCode:
    """Load, score, compare with the baseline (if any) and render; exit 1 when a finding
    (not accepted) reaches ``fail_on``."""
    if not files:
        raise UsageError("usage.no_files")
    rubric = load_rubric(rubric_path)
    assessment = assess(rubric, load_submission(files, rubric), lang, as_of)
    if baseline:
        before = assess(rubric, load_submission(baseline, rubric), lang, as_of)
        if before.project.id != assessment.project.id:
            raise UsageError("usage.baseline_project", found=before.project.id,
                             expected=assessment.project.id)
        assessment = compare(before, assessment)
    emit(render_report(assessment, fmt, color=color and output is None, width=width), output)
    failed = gate_failed((f.severity for f in assessment.findings if f.gating), fail_on)
    return ExitCode.GATE if failed else ExitCode.OK
