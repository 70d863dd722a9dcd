"""``samarbeid report``: one project's report from its answer files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from samarbeid.commands import emit, emit_bytes, output_format
from samarbeid.errors import ExitCode, Problem, UsageError
from samarbeid.fileio import refuse_overwriting
from samarbeid.load.discover import plan_beside
from samarbeid.pipeline import answer_files, assess_files
from samarbeid.render import ReportFormat, render_report
from samarbeid.rubric import load_rubric
from samarbeid.vocab import FailOn

#: what ``-o FILE`` without ``-f`` writes, by the file's suffix
SUFFIXES = {
    ".txt": ReportFormat.terminal,
    ".md": ReportFormat.markdown,
    ".markdown": ReportFormat.markdown,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".json": ReportFormat.json,
    ".pdf": ReportFormat.pdf,
}


def run(
    files: list[Path],
    *,
    fmt: ReportFormat | None,
    output: Path | None,
    fail_on: FailOn,
    lang: str,
    rubric_path: Path | None,
    color: bool,
    width: int,
    as_of: dt.date,
    baseline: list[Path] | None = None,
    detail: bool = False,
    plan: Path | None = None,
    names: bool = False,
    comments: bool = False,
) -> ExitCode:
    """Load, score, compare with the earlier rounds and the baselines (if any) and render, as
    ``batch`` scores the same files (:func:`samarbeid.pipeline.assess_files`): files of two
    projects are an input error; warnings go to stderr; exit 1 when a finding (not accepted)
    reaches ``fail_on``. The tiltaksplan (``plan``, else ``tiltaksplan.yaml`` next to the
    answer files) is followed up (:func:`samarbeid.score.follow_up.follow_up`)."""
    if not files:
        raise UsageError("usage.no_files")
    fmt = output_format(fmt, output, SUFFIXES, ReportFormat.terminal)
    plan = plan if plan is not None else plan_beside(files)
    refuse_overwriting(output, [*files, *answer_files(baseline or ()), plan, rubric_path])
    rubric = load_rubric(rubric_path)
    warnings: list[Problem] = []
    assessment = assess_files(files, rubric, as_of=as_of, baselines=baseline or (), warnings=warnings)
    if plan is not None:
        from samarbeid.load.plan import read_plan  # only with a plan
        from samarbeid.score.follow_up import follow_up

        loaded = read_plan(plan, rubric)
        loaded.check_project(assessment.project.id)
        assessment = follow_up(assessment, loaded.actions, as_of)
    for warning in warnings:
        print(warning.render(lang), file=sys.stderr)
    if fmt is ReportFormat.pdf:
        from samarbeid.render.disclosure import Disclosure
        from samarbeid.render.pdf import report_pdf

        shown = Disclosure(names=names, comments=comments).apply(assessment)
        emit_bytes(report_pdf(shown, rubric, lang, detail=detail), output)
    else:
        text = render_report(
            assessment,
            fmt,
            rubric=rubric,
            lang=lang,
            color=color and output is None,
            width=width,
            detail=detail,
            names=names,
            comments=comments,
        )
        emit(text, output)
    return ExitCode.GATE if assessment.failing(FailOn(fail_on)) else ExitCode.OK
