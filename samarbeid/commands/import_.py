"""``samarbeid import``: survey exports → an answer file (see :mod:`samarbeid.surveys` and
docs/import.md). Nothing is written unless every export is read without an error."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from samarbeid.commands import emit
from samarbeid.errors import ExitCode, InputError, Problem, UsageError
from samarbeid.i18n import tn
from samarbeid.rubric import load_rubric
from samarbeid.surveys import output as out
from samarbeid.surveys.build import import_export, read_mapping
from samarbeid.surveys.platform import Source
from samarbeid.validation import capped
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
) -> ExitCode:
    """Read every export, then write the answer file (``--into`` in place unless ``-o``)."""
    if not exports:
        raise UsageError("usage.no_files")
    if into is None and not project.get("id"):
        raise UsageError("import.needs_project")
    target = output if output is not None else into
    for path in exports:
        if target is not None and _same(target, path):
            raise UsageError("usage.output_is_input", file=str(target), input=str(path))
    rubric = load_rubric(rubric_path)
    mapping = read_mapping(map_file) if map_file is not None else None
    entries: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for path in exports:
        try:
            got = import_export(path, rubric, role, source=source, mapping=mapping)
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
    if problems:
        raise InputError(capped(problems))
    if into is not None:
        try:
            raw = into.read_bytes()
        except OSError:
            from samarbeid.yamlread import read_file

            read_file(into)  # the reader's own message for a missing or unreadable file
            raise
        if project.get("id"):
            pid = out.project_id(raw, str(into), rubric)
            if pid != project["id"]:
                raise UsageError("import.other_project", file=str(into), found=pid, expected=project["id"])
        result = out.into_file(raw, entries, rubric, str(into))
    else:
        result = out.new_file(
            {k: v for k, v in project.items() if v is not None}, entries, rubric, str(target or "<stdout>")
        )
    if result.added or into is None or (output is not None and not _same(output, into)):
        emit(result.text, target)
    where = str(target) if target is not None else "-"
    print(tn("import.done", result.added, lang, file=where, known=result.known), file=sys.stderr)
    return ExitCode.OK


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
