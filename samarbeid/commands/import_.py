"""``samarbeid import``: survey exports → an answer file (see :mod:`samarbeid.surveys` and
docs/import.md). Nothing is written unless every export is read without an error.

``--into FILE`` (without another ``-o``) changes the file through the answer-file writer's
:func:`~samarbeid.answerwriter.edit`, like an ``assess`` save: under the file's lock, from
the file as it is then, so a session saving at the same moment loses nothing and neither
does the import."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from samarbeid.answerwriter import Current, create, edit
from samarbeid.commands import emit
from samarbeid.commands.init import project_id_from
from samarbeid.domain import slugify
from samarbeid.errors import ExitCode, InputError, Problem, SourceRef, UsageError
from samarbeid.fileio import refuse_overwriting, same_file
from samarbeid.i18n import tn
from samarbeid.parse.validation import capped
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.surveys import output as out
from samarbeid.surveys.build import import_export, read_mapping
from samarbeid.surveys.platform import Source
from samarbeid.vocab import Role


def run(
    exports: Sequence[Path],
    *,
    role: Role,
    project: dict[str, Any],
    into: Path | None,
    output: Path | None,
    source: Source,
    map_file: Path | None,
    lang: str,
    rubric_path: Path | None,
    partial: bool = False,
) -> ExitCode:
    """Read every export, then write the answer file (``--into`` in place unless ``-o``).
    A new file's ``project["assessed"]``, when None, is the day of the latest submission
    imported, if the exports say; ``--into`` keeps the file's own date."""
    if not exports:
        raise UsageError("usage.no_files")
    if into is None and not project.get("id"):
        raise UsageError("import.needs_project")
    if into is not None and project.get("assessed") is not None:
        raise UsageError("import.assessed_into", file=str(into))
    if project.get("id") is not None:
        example = slugify(exports[0].stem) or "nytt-samarbeid"
        project = {**project, "id": project_id_from(project["id"], example, lang, "--project-id")}
    target = output if output is not None else into
    refuse_overwriting(target, [*exports, map_file, rubric_path])
    if output is not None and output.is_file() and not (into is not None and same_file(output, into)):
        raise UsageError("import.output_exists", file=str(output))
    rubric = load_rubric(rubric_path)
    mapping = read_mapping(map_file) if map_file is not None else None
    entries: list[dict[str, Any]] = []
    where: dict[str, SourceRef] = {}
    problems: list[Problem] = []
    days: list[date] = []
    for path in exports:
        try:
            got = import_export(path, rubric, role, source=source, mapping=mapping, partial=partial)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for warning in got.warnings:
            print(warning.render(lang), file=sys.stderr)
        if got.skipped_incomplete:
            print(
                tn("import.skipped_incomplete", got.skipped_incomplete, lang, file=got.file), file=sys.stderr
            )
        if got.skipped_empty:
            print(tn("import.skipped_empty", got.skipped_empty, lang, file=got.file), file=sys.stderr)
        entries += got.respondents
        where.update(got.where)
        days += [got.submitted] if got.submitted is not None else []
    if problems:
        raise InputError(capped(problems))
    assessed = project.get("assessed") or (max(days) if days else None)
    project = {**project, "assessed": assessed.isoformat() if assessed is not None else None}
    pid = project.get("id")
    if into is None:
        result = out.new_file(
            {k: v for k, v in project.items() if v is not None},
            entries,
            rubric,
            str(target or "<stdout>"),
            where,
        )
        _write(result.text, target, rubric)
    elif output is None or same_file(output, into):
        result = edit(into, lambda current: _merged(current, entries, pid, rubric, where), rubric)
    else:  # FILE is only read; the result goes to -o
        result = _into(Current(into, rubric), entries, pid, rubric, where)
        _write(result.text, output, rubric)
    shown = str(target) if target is not None else "-"
    for submission, count in result.updated:
        print(tn("import.updated_submission", count, lang, file=shown, source=submission), file=sys.stderr)
    print(tn("import.done", result.added, lang, file=shown, known=result.known), file=sys.stderr)
    return ExitCode.OK


def _into(
    current: Current,
    entries: Sequence[dict[str, Any]],
    pid: str | None,
    rubric: Rubric,
    where: Mapping[str, SourceRef],
) -> out.Result:
    """``entries`` added to the answer file as it is now (and the submissions it holds
    updated), which must be one (of project ``pid`` when it is given)."""
    loaded, text = current.loaded, current.text
    if loaded is None or text is None:
        raise InputError.at(current.name, 1, 1, "file.not_found")
    found = loaded.model.project.id
    if pid and found != pid:
        raise UsageError("import.other_project", file=str(current.path), found=found, expected=pid)
    return out.into_file(loaded, text, entries, rubric, current.name, where)


def _merged(
    current: Current,
    entries: Sequence[dict[str, Any]],
    pid: str | None,
    rubric: Rubric,
    where: Mapping[str, SourceRef],
) -> tuple[str | None, out.Result]:
    """:func:`_into` as an edit of the file: written only when a respondent was added or
    updated."""
    result = _into(current, entries, pid, rubric, where)
    return (result.text if result.added or result.updated else None), result


def _write(text: str, output: Path | None, rubric: Rubric) -> None:
    """Send the new answer file to stdout, or through the writer to ``output`` (replacing a
    file that is there)."""
    if output is None or str(output) == "-":
        emit(text, None)
    else:
        create(output, text, rubric, force=True)
