"""``samarbeid plan``: a tiltaksplan from one project's assessment, as YAML to edit (and read
back by the next ``report``), CSV or XLSX (:mod:`samarbeid.render.plan`)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from samarbeid.answerwriter import create
from samarbeid.commands import emit, output_format
from samarbeid.errors import ExitCode, Problem, UsageError
from samarbeid.fileio import refuse_overwriting, write_atomic_bytes
from samarbeid.i18n import t
from samarbeid.load.plan import validate_plan
from samarbeid.parse.yamlread import parse_text
from samarbeid.pipeline import assess_files
from samarbeid.render import PlanFormat
from samarbeid.render import plan as render
from samarbeid.rubric import load_rubric

#: what ``-o FILE`` without ``-f`` writes, by the file's suffix
SUFFIXES = {
    ".yaml": PlanFormat.yaml,
    ".yml": PlanFormat.yaml,
    ".csv": PlanFormat.csv,
    ".xlsx": PlanFormat.xlsx,
}


def run(
    files: list[Path],
    *,
    fmt: PlanFormat | None,
    output: Path | None,
    force: bool,
    lang: str,
    rubric_path: Path | None,
    as_of: dt.date,
) -> ExitCode:
    """Score the files as ``report`` does and write the plan to ``output`` (never over an
    existing file without ``force``, never over an input) or, as YAML or CSV, to stdout."""
    if not files:
        raise UsageError("usage.no_files")
    target = output if output is not None and str(output) != "-" else None
    if target is not None and target.suffix.lower() not in SUFFIXES:
        raise UsageError("plan.suffix", file=str(target), suffixes=", ".join(SUFFIXES))
    fmt = output_format(fmt, target, SUFFIXES, PlanFormat.yaml)
    refuse_overwriting(target, [*files, rubric_path])
    if target is not None and target.exists() and not force:
        raise UsageError("usage.file_exists", file=str(target))
    if fmt is PlanFormat.xlsx and target is None:
        raise UsageError("plan.xlsx_needs_file")
    rubric = load_rubric(rubric_path)
    warnings: list[Problem] = []
    assessment = assess_files(files, rubric, as_of=as_of, warnings=warnings)
    for warning in warnings:
        print(warning.render(lang), file=sys.stderr)
    if fmt is PlanFormat.xlsx:
        assert target is not None
        write_atomic_bytes(target, render.plan_xlsx(assessment, rubric, lang, as_of))
    elif fmt is PlanFormat.csv:
        emit(render.plan_csv(assessment, rubric, lang, as_of), target)
    else:
        text = render.plan_yaml(assessment, rubric, lang, as_of)
        validate_plan(parse_text(text, str(target or "-")), rubric)  # what is written reads back
        if target is None:
            emit(text, None)
        else:
            create(target, text, rubric, force=force)  # under the file's lock, as init writes
    if target is not None:
        count = len(render.planned(assessment, rubric, lang, as_of))
        said = "plan.written" if fmt is PlanFormat.yaml else "plan.written_table"
        print(t(said, lang, file=target, count=count), file=sys.stderr)
    return ExitCode.OK
