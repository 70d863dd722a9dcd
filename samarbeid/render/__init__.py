"""Render an assessment as text: one function per format, chosen by an Enum."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samarbeid.result.assessment import Assessment
    from samarbeid.rubric.model import Rubric


class ReportFormat(str, enum.Enum):
    """The formats of ``samarbeid report``."""

    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"
    pdf = "pdf"


class BatchFormat(str, enum.Enum):
    """The formats of ``samarbeid batch`` (written by :mod:`samarbeid.render.portfolio`)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    junit = "junit"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"


class FormFormat(str, enum.Enum):
    """The formats of the paper questionnaire (``samarbeid form --target print``)."""

    html = "html"
    pdf = "pdf"


class PlanFormat(str, enum.Enum):
    """The formats of ``samarbeid plan`` (written by :mod:`samarbeid.render.plan`)."""

    yaml = "yaml"
    csv = "csv"
    xlsx = "xlsx"


def render_report(
    assessment: Assessment,
    fmt: ReportFormat,
    *,
    rubric: Rubric,
    lang: str,
    color: bool = False,
    width: int = 80,
    detail: bool = False,
    names: bool = False,
    comments: bool = False,
    detail_command: str | None = None,
) -> str:
    """``assessment`` as a string in ``fmt``, every word in ``lang`` from ``rubric``. The human
    formats are short by default (for a leader); ``detail`` adds why, sources and the
    answers behind each finding with file and line. JSON always has everything the
    disclosure lets it show (:mod:`samarbeid.render.disclosure`): respondents' names only
    with ``names``, free-text comments only with ``comments`` or in the terminal, the
    working report. ``detail_command``: the terminal's last line names it as the way to the
    detailed report (``assess``: ``samarbeid report FILE --detail``).
    A PDF is bytes: :func:`samarbeid.render.pdf.report_pdf`."""
    assert fmt is not ReportFormat.pdf, "a PDF is bytes: render.pdf.report_pdf"
    from samarbeid.render.disclosure import Disclosure

    shown = Disclosure(names=names, comments=comments or fmt is ReportFormat.terminal)
    assessment = shown.apply(assessment)
    if fmt is ReportFormat.json:
        from samarbeid.render.json import render_json

        return render_json(assessment, rubric, lang)
    if fmt is ReportFormat.terminal:
        from samarbeid.render.terminal import render_terminal

        return render_terminal(
            assessment, rubric, lang, color=color, width=width, detail=detail, detail_command=detail_command
        )
    from samarbeid.render.templated import render_template

    name = "report.html.j2" if fmt is ReportFormat.html else "report.md.j2"
    return render_template(assessment, rubric, lang, name, detail=detail, shown=shown)


class BatchSort(str, enum.Enum):
    """The order of the projects in a batch's output (``--sort``)."""

    id = "id"  # by project id
    level = "level"  # worst first: batch_result.LEVEL_RANK, then risk (higher first), then id
