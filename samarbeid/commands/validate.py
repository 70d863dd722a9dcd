"""``samarbeid validate``: check answer files against the format and the rubric."""

from __future__ import annotations

import sys
from pathlib import Path

from samarbeid.errors import ExitCode, InputError, Problem, UsageError
from samarbeid.i18n import one_line, t, tn
from samarbeid.load.answers import load_file, merge
from samarbeid.rubric import load_rubric


def run(files: list[Path], *, lang: str, rubric_path: Path | None) -> ExitCode:
    """Every problem and warning in every file on stderr; exit 0 when all are valid, else 2."""
    if not files:
        raise UsageError("usage.no_files")
    rubric = load_rubric(rubric_path)
    ok = 0
    for path in files:
        try:
            loaded = load_file(path, rubric)
        except InputError as exc:
            for line in exc.lines(lang):
                print(line, file=sys.stderr)
        else:
            ok += 1
            warnings: list[Problem] = [*loaded.warnings]
            merge([loaded], warnings)
            for warning in warnings:
                print(warning.render(lang), file=sys.stderr)
            print(one_line(t("validate.ok", lang, file=path)), file=sys.stderr)
    if len(files) > 1:
        print(tn("validate.summary", len(files), lang, ok=ok), file=sys.stderr)
    return ExitCode.OK if ok == len(files) else ExitCode.INPUT
