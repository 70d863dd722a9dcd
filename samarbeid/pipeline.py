"""The one pipeline every command runs: load → score → (compare) → render.

``report``, ``batch`` and the closing report of ``assess`` all go through
:func:`assess_files`, so a project scores the same whichever command shows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from samarbeid.assessment import Assessment, TrendPoint
from samarbeid.compare import compare
from samarbeid.discover import discover
from samarbeid.errors import InputError, Problem
from samarbeid.load import LoadedFile, load_files, load_submission, merge
from samarbeid.rubric.model import Rubric
from samarbeid.score import assess


def answer_files(paths: Iterable[Path]) -> list[Path]:
    """``paths`` with every folder replaced by the answer files in it (see
    :mod:`samarbeid.discover`); a path that cannot be searched is an input error."""
    files, problems = discover(paths)
    if problems:
        raise InputError(problems)
    return [Path(f) for f in files]


def assess_files(
    files: Sequence[Path],
    rubric: Rubric,
    *,
    as_of: dt.date | None,
    baselines: Sequence[Path] = (),
    warnings: list[Problem] | None = None,
) -> Assessment:
    """Load and merge one project's answer files and score them. With ``baselines`` (files
    or folders of earlier assessments of the project), add the trend over all of them and
    the change since the latest earlier one. Warnings (project details that differ between
    the files, a baseline of another project, or one not older than this assessment) are
    appended to ``warnings``."""
    assessment = assess(rubric, load_submission(files, rubric, warnings), as_of=as_of)
    if not baselines:
        return assessment
    notes: list[Problem] = [] if warnings is None else warnings
    earlier = _earlier(assessment, _assessments(answer_files(baselines), rubric, as_of, notes), notes)
    history = sorted([*earlier, assessment], key=_date_key)
    trend = [
        TrendPoint(a.project.assessed, list(a.files), a.score, a.level, a.risk, a.dimensions) for a in history
    ]
    if earlier:
        assessment = compare(earlier[-1], assessment)
    return dataclasses.replace(assessment, trend=trend)


def _date_key(a: Assessment) -> tuple[bool, dt.date]:
    """Undated assessments first, then by date."""
    return (a.project.assessed is not None, a.project.assessed or dt.date.min)


def _assessments(
    files: list[Path], rubric: Rubric, as_of: dt.date | None, notes: list[Problem]
) -> list[Assessment]:
    """The files of earlier assessments, grouped into assessments: the files of one project
    in one round (:func:`rounds`) are one assessment (one file per party, say)."""
    loaded = load_files(files, rubric)
    projects: dict[str, list[tuple[LoadedFile, dt.date | None]]] = {}
    for lf in loaded:
        projects.setdefault(lf.model.project.id, []).append((lf, lf.model.project.assessed))
    return [
        assess(rubric, merge(group), as_of=as_of) for items in projects.values() for group in rounds(items)
    ]


#: Files of one project whose dates lie at most this far apart, one after another, are
#: parts of one assessment round (each party answers on its own day); a longer gap starts
#: a new assessment.
ROUND_DAYS = 45

T = TypeVar("T")


def rounds(items: Sequence[tuple[T, dt.date | None]]) -> list[list[T]]:
    """``items`` (one project's files with their ``assessed`` dates) grouped into assessment
    rounds, oldest first. Undated files belong to the newest round."""
    dated = sorted((d, i) for i, (_, d) in enumerate(items) if d is not None)
    groups: list[list[T]] = []
    last: dt.date | None = None
    for day, i in dated:
        if last is None or (day - last).days > ROUND_DAYS:
            groups.append([])
        groups[-1].append(items[i][0])
        last = day
    undated = [item for item, d in items if d is None]
    if undated:
        if not groups:
            groups.append([])
        groups[-1].extend(undated)
    return groups


def _earlier(current: Assessment, candidates: list[Assessment], notes: list[Problem]) -> list[Assessment]:
    """The candidates that are earlier assessments of ``current``'s project, in date order;
    a warning for each one that is not."""
    from samarbeid.errors import SourceRef

    kept = []
    for a in sorted(candidates, key=_date_key):
        where = SourceRef(a.files[0], 1, 1)
        if a.project.id != current.project.id:
            notes.append(
                Problem(
                    where,
                    "baseline.other_project",
                    {"found": a.project.id, "expected": current.project.id},
                    severity="warning",
                )
            )
            continue
        then, now = a.project.assessed, current.project.assessed
        if then is not None and now is not None and then >= now:
            notes.append(
                Problem(
                    where,
                    "baseline.not_older",
                    {"then": then.isoformat(), "now": now.isoformat()},
                    severity="warning",
                )
            )
            continue
        kept.append(a)
    return kept
