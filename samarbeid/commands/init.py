"""``samarbeid init``: a blank, commented answer file with every question."""

from __future__ import annotations

import sys
from pathlib import Path

from samarbeid.commands import emit
from samarbeid.errors import ExitCode, UsageError
from samarbeid.i18n import t
from samarbeid.render.templated import render_named
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric, slugify

SCHEMA_FILE = "samarbeid-answers.schema.json"


def blank(rubric: Rubric, roles: list[str], *, project_id: str, lang: str) -> str:
    """The text of a blank answer file for ``roles``."""
    return render_named("answers.yaml.j2", lang, rubric=rubric, roles=roles, project_id=project_id,
                        schema_file=SCHEMA_FILE)


def run(file: Path | None, *, roles: list[str], project_id: str | None, force: bool, lang: str,
        rubric_path: Path | None) -> ExitCode:
    """Write the blank file to ``file`` (never over an existing one without ``force``) or stdout."""
    if file is not None and file.exists() and not force:
        raise UsageError("usage.file_exists", file=str(file))
    pid = project_id or (slugify(file.stem) if file is not None else "") or "nytt-samarbeid"
    rubric = load_rubric(rubric_path)
    emit(blank(rubric, roles, project_id=pid, lang=lang), file)
    if file is not None:
        count = sum(len(rubric.questions_for(role)) for role in roles)
        print(t("init.written", lang, file=file, count=count), file=sys.stderr)
    return ExitCode.OK
