"""Wording shared by the report formats."""

from __future__ import annotations

from samarbeid.assessment import Assessment, Evidence, Finding
from samarbeid.i18n import t, value_label


def who_text(role: str | None, respondent: str | None, lang: str) -> str:
    """``kommunen (Innvandrertjenesten, Kari)`` — the role in words, then unit and name."""
    text = t(f"role.def.{role}", lang) if role else ""
    return f"{text} ({respondent})" if respondent else text


def evidence_text(ev: Evidence, lang: str) -> str:
    """One piece of evidence as a sentence, with file and line when it is an answer."""
    if ev.question is not None and ev.role is not None and ev.line is not None:
        text = t("ev.answer", lang, who=who_text(ev.role, ev.respondent, lang),
                 value=value_label(ev.value, lang), question=ev.question)
        text = text[0].upper() + text[1:]
        if ev.comment:
            text += f" ({t('ev.comment', lang)}: «{ev.comment}»)"
        return f"{text} — {ev.file}:{ev.line}"
    detail = ev.detail or ""
    return f"{ev.question}: {detail}" if ev.question else detail[:1].upper() + detail[1:]


def answered_roles(a: Assessment) -> set[str]:
    """The roles with at least one answer (``vet_ikke`` and ``ikke_relevant`` included)."""
    return {r.role for r in a.respondents if r.answered or r.vet_ikke or r.ikke_relevant}


def accepted_label(f: Finding, lang: str) -> str:
    """«akseptert» or «akseptert, utløpt»."""
    assert f.accepted is not None
    return t("r.accepted_expired" if f.accepted.expired else "r.accepted", lang)


def accepted_text(f: Finding, lang: str) -> str:
    """Who accepted the finding, until when, and why."""
    assert f.accepted is not None
    a = f.accepted
    return t("r.accepted_text", lang, until=a.until.isoformat(), by=a.by, reason=a.reason)
