"""Wording shared by the report formats."""

from __future__ import annotations

from samarbeid.assessment import Evidence
from samarbeid.i18n import t, value_label


def evidence_text(ev: Evidence, lang: str) -> str:
    """One piece of evidence as a sentence, with file and line when it is an answer."""
    if ev.question is not None and ev.respondent is not None:
        text = t("ev.answer", lang, who=ev.respondent, value=value_label(ev.value, lang),
                 question=ev.question)
        if ev.comment:
            text += f": «{ev.comment}»"
        return f"{text} ({ev.file}:{ev.line})"
    return f"{ev.question}: {ev.detail}" if ev.question else (ev.detail or "")
