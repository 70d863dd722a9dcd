"""``samarbeid form``: the questionnaire of one role for a survey platform (see
:mod:`samarbeid.surveys.forms` and docs/import.md)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from samarbeid.commands import emit
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import os_reason
from samarbeid.i18n import t
from samarbeid.rubric import load_rubric
from samarbeid.surveys import forms
from samarbeid.surveys.platform import Target
from samarbeid.vocab import Role


def run(target: Target, *, role: Role, output: Path | None, lang: str, rubric_path: Path | None) -> ExitCode:
    """Write the form for ``target`` to ``output`` or stdout (an XLSForm needs a file)."""
    rubric = load_rubric(rubric_path)
    if target is Target.xlsform:
        if output is None or str(output) == "-":
            if sys.stdout.isatty():
                raise UsageError("form.xlsform_needs_file")
            sys.stdout.buffer.write(forms.xlsform_bytes(forms.xlsform_sheets(rubric, role, lang)))
            sys.stdout.flush()
            return ExitCode.OK
        write_bytes_atomic(output, forms.xlsform_bytes(forms.xlsform_sheets(rubric, role, lang)))
    else:
        emit(forms.document(rubric, role, target, lang), output)
    if output is not None and str(output) != "-":
        count = len(rubric.questions_for(role))
        print(t("form.written", lang, file=output, count=count), file=sys.stderr)
    return ExitCode.OK


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, like
    :func:`samarbeid.fileio.write_atomic` does for text: a failed run leaves no half workbook."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
