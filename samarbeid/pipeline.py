"""The one pipeline every command runs: load → group → score → (compare) → render.

``report``, the closing report of ``assess`` and every project of ``batch`` go through
:func:`assess_files`, and :func:`group_files` alone decides which answer files make one
assessment, so a project scores the same, under the same name, whichever command shows it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec

from samarbeid.errors import InputError, Problem, SourceRef, UsageError
from samarbeid.load.answers import LoadedFile, load_files, merge, other_projects
from samarbeid.load.discover import discover
from samarbeid.result.assessment import Assessment, TrendPoint
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import assess


def answer_files(paths: Iterable[Path]) -> list[Path]:
    """``paths`` with every folder replaced by the answer files in it (see
    :mod:`samarbeid.load.discover`); a path that cannot be searched is an input error."""
    files, problems = discover(paths)
    if problems:
        raise InputError(problems)
    return [Path(f) for f in files]


class Group(msgspec.Struct, frozen=True):
    """One project's answer files: those of its newest assessment round, scored together as
    the assessment, and those of earlier rounds, its history. Each list is in path order
    (a frozen ``msgspec.Struct``, like the result)."""

    project: str
    files: list[LoadedFile]
    history: list[LoadedFile]


def group_files(loaded: Sequence[LoadedFile]) -> tuple[list[Group], list[Problem]]:
    """Which answer files make one assessment: the one rule of ``report`` and ``batch``.

    Files with the same project id are one project. Of a project's files, those of its newest
    round (:func:`rounds`) are the assessment, and the files of earlier rounds its history:
    they are scored as earlier assessments (the trend, and the change since the latest), and
    a warning says so. Files are taken in path order, so the first file in path order names
    the project (:func:`samarbeid.load.answers.merge`). Returns the projects by id, and the warnings.
    """
    groups: list[Group] = []
    warnings: list[Problem] = []
    for pid, items in sorted(_by_project(loaded).items()):
        *earlier, newest = rounds(items)
        files = sorted(newest, key=_path)
        history = sorted((lf for r in earlier for lf in r), key=_path)
        if history:
            warnings.append(
                Problem(
                    SourceRef(history[0].file, 1, 1),
                    "batch.history",
                    {"project": pid, "count": len(history), "files": ", ".join(lf.file for lf in files)},
                    severity="warning",
                )
            )
        groups.append(Group(pid, files, history))
    return groups, warnings


def _by_project(loaded: Sequence[LoadedFile]) -> dict[str, list[tuple[LoadedFile, dt.date | None]]]:
    """The files of each project id, in path order, each with its ``assessed`` date."""
    projects: dict[str, list[tuple[LoadedFile, dt.date | None]]] = {}
    for lf in sorted(loaded, key=_path):
        projects.setdefault(lf.model.project.id, []).append((lf, lf.model.project.assessed))
    return projects


def _path(lf: LoadedFile) -> str:
    return lf.file


def assess_files(
    files: Sequence[Path],
    rubric: Rubric,
    *,
    as_of: dt.date | None,
    baselines: Sequence[Path] = (),
    warnings: list[Problem] | None = None,
) -> Assessment:
    """Load one project's answer files, group them (:func:`group_files`) and score its newest
    round: :func:`assess_loaded`. The problems of every file that cannot be read are one
    input error."""
    return assess_loaded(
        load_files(files, rubric), rubric, as_of=as_of, baselines=baselines, warnings=warnings
    )


def assess_loaded(
    loaded: Sequence[LoadedFile],
    rubric: Rubric,
    *,
    as_of: dt.date | None,
    baselines: Sequence[Path] = (),
    warnings: list[Problem] | None = None,
) -> Assessment:
    """Group one project's loaded answer files (:func:`group_files`) and score its newest
    round. Files of more than one project are an input error: one report covers one project.
    Earlier rounds among ``loaded``, and the assessments in ``baselines`` (files or folders;
    of a folder only the files of this project, :func:`baseline_files`), are compared with
    it: the trend over all of them and the change since the latest earlier one. Warnings
    (earlier rounds taken as history, project details that differ between the files, a
    baseline of another project, or one not older than this assessment) are appended to
    ``warnings``."""
    notes: list[Problem] = [] if warnings is None else warnings
    groups, found = group_files(loaded)
    if not groups:
        raise UsageError("usage.no_files")
    if len(groups) > 1:
        raise InputError(other_projects(sorted(loaded, key=_path)))
    (group,) = groups
    notes.extend(found)
    assessment = assess(rubric, merge(group.files, notes), as_of=as_of)
    extra = []
    if baselines:
        given = {os.path.realpath(lf.file) for lf in loaded}  # a file given twice counts once
        extra = baseline_files(baselines, group.project, given)
    older = [*group.history, *load_files(extra, rubric)]
    if not older:
        return assessment
    earlier = _earlier(assessment, _assessments(older, rubric, as_of), notes)
    history = sorted([*earlier, assessment], key=_date_key)
    trend = [
        TrendPoint(a.project.assessed, list(a.files), a.score, a.level, a.risk, a.dimensions) for a in history
    ]
    if earlier:
        from samarbeid.score.compare import compare  # only a project with an earlier round

        assessment = compare(earlier[-1], assessment)
    return msgspec.structs.replace(assessment, trend=trend)


def baseline_files(baselines: Sequence[Path], project: str, given: set[str]) -> list[Path]:
    """The answer files of ``baselines`` that may hold earlier assessments of ``project``,
    leaving out those in ``given`` (real paths). A file named on its own is taken whatever it
    holds (another project's is a warning); of a folder, a shared archive perhaps, only the
    files whose head names ``project`` (:func:`samarbeid.load.scan.project_id`), or whose
    head cannot tell, are read: the other projects' files are never read beyond their id."""
    from samarbeid.load.scan import project_id  # only with baselines

    named = {os.path.realpath(p) for p in baselines if not p.is_dir()}
    kept = []
    for f in answer_files(baselines):
        real = os.path.realpath(f)
        if real in given:
            continue
        if real in named or project_id(f) in (None, project):
            kept.append(f)
    return kept


def _date_key(a: Assessment) -> tuple[bool, dt.date]:
    """Undated assessments first, then by date."""
    return (a.project.assessed is not None, a.project.assessed or dt.date.min)


def _assessments(loaded: list[LoadedFile], rubric: Rubric, as_of: dt.date | None) -> list[Assessment]:
    """The files of earlier assessments, grouped into assessments: the files of one project
    in one round (:func:`rounds`) are one assessment (one file per party, say)."""
    return [
        assess(rubric, merge(group), as_of=as_of)
        for items in _by_project(loaded).values()
        for group in rounds(items)
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
