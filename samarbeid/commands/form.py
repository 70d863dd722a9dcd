"""``samarbeid form``: the questionnaire of one role for a survey platform (see
:mod:`samarbeid.surveys.forms` and docs/import.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from samarbeid.commands import check_suffix, emit, emit_bytes, output_format
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import refuse_overwriting
from samarbeid.i18n import t
from samarbeid.render import FormFormat
from samarbeid.rubric import load_rubric
from samarbeid.surveys import forms
from samarbeid.surveys.platform import Target
from samarbeid.vocab import Role

#: the paper questionnaire's formats by the output's suffix
PRINT_SUFFIXES = {".html": FormFormat.html, ".htm": FormFormat.html, ".pdf": FormFormat.pdf}
#: the suffixes each other target writes
SUFFIXES = {
    Target.nettskjema: (".md", ".markdown", ".txt"),
    Target.msforms: (".md", ".markdown", ".txt"),
    Target.xlsform: (".xlsx",),
}


def run(
    target: Target,
    *,
    role: Role,
    output: Path | None,
    lang: str,
    rubric_path: Path | None,
    fmt: FormFormat | None = None,
) -> ExitCode:
    """Write the form for ``target`` to ``output`` or stdout (an XLSForm needs a file); the
    paper questionnaire as HTML or PDF (``fmt``, else the output's suffix)."""
    refuse_overwriting(output, [rubric_path])
    if target is Target.print:
        fmt = output_format(fmt, output, PRINT_SUFFIXES, FormFormat.html)
    elif fmt is not None:
        raise UsageError("form.format_print_only", fmt=fmt.value)
    else:
        check_suffix(output, SUFFIXES[target])
    rubric = load_rubric(rubric_path)
    if target is Target.xlsform:
        emit_bytes(
            forms.xlsform_bytes(forms.xlsform_sheets(rubric, role, lang)),
            output,
            terminal="form.xlsform_needs_file",
        )
    elif fmt is FormFormat.pdf:
        emit_bytes(forms.document_pdf(rubric, role, lang), output)
    else:
        emit(forms.document(rubric, role, target, lang), output)
    if output is not None and str(output) != "-":
        count = len(rubric.questions_for(role))
        print(t("form.written", lang, file=output, count=count), file=sys.stderr)
    return ExitCode.OK
