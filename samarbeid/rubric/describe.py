"""Rule conditions in words, for the rubric documentation."""

from __future__ import annotations

from samarbeid.i18n import t
from samarbeid.rubric.model import (
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Condition,
    CoverageCondition,
    DivergenceCondition,
    NotCondition,
    RoleMissingCondition,
    Rubric,
    ScoreCondition,
)


def describe(cond: Condition, rubric: Rubric, lang: str) -> str:
    """A readable sentence for ``cond`` (Markdown, with ids in backticks)."""
    if isinstance(cond, AnswerCondition):
        a = cond.answer
        values = f" {t('cond.or', lang)} ".join(str(v) for v in a.values)
        who = t(f"cond.who.{a.match}.{a.role}", lang)
        return t("cond.answer", lang, question=a.question, values=values, who=who)
    if isinstance(cond, DivergenceCondition):
        d = cond.divergence
        if d.questions:
            scope = ", ".join(f"`{q}`" for q in d.questions)
        elif d.dimension:
            scope = t("cond.in_dimension", lang,
                      dimension=rubric.dimensions[d.dimension].title.get(lang).lower())
        else:
            scope = t("cond.any_question", lang)
        return t(f"cond.divergence.{d.kind}", lang, scope=scope)
    if isinstance(cond, (ScoreCondition, CoverageCondition)):
        test = cond.score if isinstance(cond, ScoreCondition) else cond.coverage
        kind = "score" if isinstance(cond, ScoreCondition) else "coverage"
        title = rubric.dimensions[test.dimension].title.get(lang).lower()
        return t(f"cond.{kind}", lang, dimension=title, below=f"{test.below:g}")
    if isinstance(cond, RoleMissingCondition):
        return t(f"cond.role_missing.{cond.role_missing}", lang)
    if isinstance(cond, (AllCondition, AnyCondition)):
        parts = cond.all if isinstance(cond, AllCondition) else cond.any
        joiner = t("cond.and" if isinstance(cond, AllCondition) else "cond.or", lang)
        texts = [describe(p, rubric, lang) for p in parts]
        return texts[0] if len(texts) == 1 else "(" + f" {joiner} ".join(texts) + ")"
    if isinstance(cond, NotCondition):
        return t("cond.not", lang, inner=describe(cond.not_, rubric, lang))
    raise AssertionError(cond)  # pragma: no cover
