"""``samarbeid init``: a blank, commented answer file with every question.

The text comes from the answer-file writer (:func:`samarbeid.answerwriter.blank`), the
same module that ``assess`` saves with, so the file ``init`` writes keeps its comments when
``assess`` fills it in; the writer writes it too (:func:`~samarbeid.answerwriter.create`),
under the file's lock, and refuses a file that is there by then unless ``--force``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from samarbeid.answerwriter import SCHEMA_FILE, blank, create
from samarbeid.commands import emit
from samarbeid.domain import is_slug, slugify
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import refuse_overwriting
from samarbeid.i18n import t
from samarbeid.rubric import load_rubric

__all__ = ["SCHEMA_FILE", "blank", "project_id_from", "run"]


def run(
    file: Path | None,
    *,
    roles: Sequence[str],
    project_id: str | None,
    force: bool,
    lang: str,
    rubric_path: Path | None,
) -> ExitCode:
    """Write the blank file to ``file`` (never over an existing one without ``force``) or stdout."""
    if file is not None and file.exists() and not force:
        raise UsageError("usage.file_exists", file=str(file))
    default = (slugify(file.stem) if file is not None else "") or "nytt-samarbeid"
    pid = default if project_id is None else project_id_from(project_id, default, lang)
    rubric = load_rubric(rubric_path)
    text = blank(rubric, roles, project_id=pid, lang=lang)
    if file is None or str(file) == "-":
        emit(text, None, has_output_option=False)
    else:
        refuse_overwriting(file, [rubric_path])
        create(file, text, rubric, force=force)
    if file is not None:
        count = sum(len(rubric.questions_for(role)) for role in roles)
        print(t("init.written", lang, file=file, count=count), file=sys.stderr)
    return ExitCode.OK


def project_id_from(given: str, example: str, lang: str, option: str = "--id") -> str:
    """``--id`` (or ``import --project-id``) as an id: as given when it is one, else made into
    one as ``assess`` does (``Mitt Prosjekt`` → ``mitt-prosjekt``, said on stderr); refused
    when nothing is left."""
    if is_slug(given):
        return given
    pid = slugify(given)
    if not is_slug(pid):
        raise UsageError("init.bad_id", option=option, id=given, example=example)
    print(t("assess.id_slugged", lang, id=pid), file=sys.stderr)
    return pid
