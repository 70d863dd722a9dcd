"""Evaluate declarative rule conditions against the facts of one assessment.

A condition evaluates to ``None`` when it does not hold, or to the list of evidence that
shows it holds (possibly empty, e.g. for ``not``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samarbeid.i18n import t
from samarbeid.load import Response, Value
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

#: evidence as plain data, validated with the whole assessment (see ``assessment.Evidence``)
Evidence = dict[str, Any]


@dataclass(frozen=True)
class Facts:
    """What rules may look at."""

    rubric: Rubric
    #: question id → the (respondent, value) pairs given, in file order
    answers: Mapping[str, Sequence[tuple[Response, Value]]]
    divergences: Sequence[Mapping[str, Any]]
    dimensions: Mapping[str, Mapping[str, Any]]
    roles_answered: frozenset[str]
    lang: str


def evaluate(cond: Condition, facts: Facts) -> list[Evidence] | None:
    """The evidence for ``cond``, or None when it does not hold."""
    if isinstance(cond, AnswerCondition):
        return _answer(cond, facts)
    if isinstance(cond, DivergenceCondition):
        return _divergence(cond, facts)
    if isinstance(cond, (ScoreCondition, CoverageCondition)):
        return _threshold(cond, facts)
    if isinstance(cond, RoleMissingCondition):
        roles = ("kommune", "entreprenor") if cond.role_missing == "any" else (cond.role_missing,)
        missing = [r for r in roles if r not in facts.roles_answered]
        return [_note(role=r, detail=t("ev.role_missing", facts.lang, role=t(f"role.def.{r}", facts.lang)))
                for r in missing] or None
    if isinstance(cond, AllCondition):
        evidence: list[Evidence] = []
        for sub in cond.all:
            found = evaluate(sub, facts)
            if found is None:
                return None
            evidence.extend(found)
        return evidence
    if isinstance(cond, AnyCondition):
        results = [found for sub in cond.any if (found := evaluate(sub, facts)) is not None]
        return [e for found in results for e in found] if results else None
    if isinstance(cond, NotCondition):
        return [] if evaluate(cond.not_, facts) is None else None
    raise AssertionError(f"unknown condition {cond!r}")  # pragma: no cover


def _answer(cond: AnswerCondition, facts: Facts) -> list[Evidence] | None:
    test = cond.answer
    wanted = set(test.values)
    given = [(r, v) for r, v in facts.answers.get(test.question, ())
             if test.role in ("any", r.role)]
    hits = [(r, v) for r, v in given if v in wanted]
    if not hits or (test.match == "all" and len(hits) != len(given)):
        return None
    return [
        {"question": test.question, "role": r.role, "respondent": r.who, "value": v,
         "comment": r.comments.get(test.question), "detail": None, "file": r.file,
         "line": r.refs[test.question][0], "column": r.refs[test.question][1]}
        for r, v in hits
    ]


def _divergence(cond: DivergenceCondition, facts: Facts) -> list[Evidence] | None:
    test = cond.divergence
    hits = [
        d for d in facts.divergences
        if (test.questions is None or d["question"] in test.questions)
        and (test.dimension is None or d["dimension"] == test.dimension)
        and test.kind in ("any", d["kind"])
    ]
    return [
        _note(question=d["question"],
              detail=t("ev.divergence", facts.lang, kommune=f"{d['kommune']:g}",
                       entreprenor=f"{d['entreprenor']:g}", gap=f"{d['gap']:g}"))
        for d in hits
    ] or None


def _threshold(cond: ScoreCondition | CoverageCondition, facts: Facts) -> list[Evidence] | None:
    if isinstance(cond, ScoreCondition):
        test, code = cond.score, "ev.score"
        value = facts.dimensions[test.dimension]["score"]
    else:
        test, code = cond.coverage, "ev.coverage"
        value = facts.dimensions[test.dimension]["coverage"]
    if value is None or not value < test.below:
        return None
    title = facts.dimensions[test.dimension]["title"]
    return [_note(detail=t(code, facts.lang, dimension=title, value=f"{value:g}",
                           below=f"{test.below:g}"))]


def _note(*, question: str | None = None, role: str | None = None, detail: str) -> Evidence:
    return {"question": question, "role": role, "respondent": None, "value": None, "comment": None,
            "detail": detail, "file": None, "line": None, "column": None}
