"""The rubric as pydantic models: dimensions, questions, scales and declarative rules."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: lower-case a–z, digits and single hyphens, ≤ 64 characters."""
    return len(text) <= 64 and re.match(SLUG_PATTERN, text) is not None


def slugify(text: str) -> str:
    """A valid id made from free text: ``Inderøy helsefag`` → ``inderoy-helsefag`` (may be empty)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    chars = [ch if ch.isascii() and ch.isalnum() else "-" for ch in text.translate(table).lower()]
    return "-".join(part for part in "".join(chars).split("-") if part)[:64].strip("-")
Role = Literal["kommune", "entreprenor"]
ROLES: tuple[Role, ...] = ("kommune", "entreprenor")
DimensionId = Literal["forstaelse", "forankring", "forpliktelse"]
DIMENSIONS: tuple[DimensionId, ...] = ("forstaelse", "forankring", "forpliktelse")
Severity = Literal["critical", "high", "medium", "low", "info"]
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")
ScaleId = Literal["enighet", "status"]

VET_IKKE = "vet_ikke"
IKKE_RELEVANT = "ikke_relevant"

#: Each scale's values, healthiest last, with their 0–100 score (DESIGN.md §4).
SCALES: dict[str, dict[int | str, int]] = {
    "enighet": {1: 0, 2: 25, 3: 50, 4: 75, 5: 100},
    "status": {"nei": 0, "delvis": 50, "ja": 100},
}

#: The rule ids users rely on, with their fixed severity (DESIGN.md §5).
FIXED_RULES: dict[str, Severity] = {
    "mangler-koordinator": "critical",
    "mangler-forankringsplan": "high",
    "ulik-forstaelse": "high",
    "finansiering-uten-drift": "high",
    "ensidig-besvart": "medium",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(_Strict):
    """A text a person reads, in bokmål and English."""

    nb: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        return self.en if lang == "en" else self.nb


class Dimension(_Strict):
    """One of the three conditions for a successful collaboration."""

    title: Text
    description: Text


class QuestionText(_Strict):
    """A question's wording, per role that answers it."""

    kommune: Text | None = None
    entreprenor: Text | None = None


class Question(_Strict):
    """One question of the questionnaire."""

    id: Slug
    dimension: DimensionId
    roles: Annotated[list[Role], Field(min_length=1, max_length=2)]
    scale: ScaleId
    weight: Annotated[int, Field(ge=1, le=3)]
    ikke_relevant: bool = False
    text: QuestionText
    help: Text
    sources: Annotated[list[str], Field(min_length=1)]

    @cached_property
    def allowed(self) -> frozenset[int | str]:
        """The value ids this question accepts, for membership tests."""
        return frozenset(self.values())

    def values(self) -> list[int | str]:
        """Every value id this question accepts, scale values first."""
        extra: list[int | str] = [VET_IKKE]
        if self.ikke_relevant:
            extra.append(IKKE_RELEVANT)
        return [*SCALES[self.scale], *extra]

    def wording(self, role: str, lang: str) -> str:
        """The question as ``role`` reads it."""
        text: Text | None = getattr(self.text, role)
        assert text is not None, (self.id, role)
        return text.get(lang)


# ---- conditions -------------------------------------------------------------------


class AnswerTest(_Strict):
    """Some respondent(s) gave one of the listed values."""

    question: str
    values: Annotated[list[int | str], Field(alias="in", min_length=1)]
    role: Literal["kommune", "entreprenor", "any"] = "any"
    match: Literal["any", "all"] = "any"


class DivergenceTest(_Strict):
    """The parties' answers diverge on the questions (or dimension)."""

    questions: list[str] | None = None
    dimension: DimensionId | None = None
    kind: Literal["disagreement", "shared_weakness", "any"] = "disagreement"


class ThresholdTest(_Strict):
    """A dimension's score or coverage is below a threshold."""

    dimension: DimensionId
    below: Annotated[float, Field(ge=0, le=100)]


class AnswerCondition(_Strict):
    answer: AnswerTest


class DivergenceCondition(_Strict):
    divergence: DivergenceTest


class ScoreCondition(_Strict):
    score: ThresholdTest


class CoverageCondition(_Strict):
    coverage: ThresholdTest


class RoleMissingCondition(_Strict):
    role_missing: Literal["kommune", "entreprenor", "any"]


class AllCondition(_Strict):
    all: Annotated[list[Condition], Field(min_length=1)]


class AnyCondition(_Strict):
    any: Annotated[list[Condition], Field(min_length=1)]


class NotCondition(_Strict):
    not_: Condition = Field(alias="not")


def _condition_key(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value)))
    if isinstance(value, BaseModel):
        return _MODEL_KEYS.get(type(value))
    return None


Condition = Annotated[
    Union[
        Annotated[AnswerCondition, Tag("answer")],
        Annotated[DivergenceCondition, Tag("divergence")],
        Annotated[ScoreCondition, Tag("score")],
        Annotated[CoverageCondition, Tag("coverage")],
        Annotated[RoleMissingCondition, Tag("role_missing")],
        Annotated[AllCondition, Tag("all")],
        Annotated[AnyCondition, Tag("any")],
        Annotated[NotCondition, Tag("not")],
    ],
    Discriminator(_condition_key),
]

_MODEL_KEYS: dict[type, str] = {
    AnswerCondition: "answer",
    DivergenceCondition: "divergence",
    ScoreCondition: "score",
    CoverageCondition: "coverage",
    RoleMissingCondition: "role_missing",
    AllCondition: "all",
    AnyCondition: "any",
    NotCondition: "not",
}

AllCondition.model_rebuild()
AnyCondition.model_rebuild()
NotCondition.model_rebuild()


class Rule(_Strict):
    """A risk rule: when its condition holds, the report names the gap."""

    id: Slug
    severity: Severity
    dimension: DimensionId
    when: Condition
    title: Text
    why: Text
    action: Text
    sources: Annotated[list[str], Field(min_length=1)]


class Rubric(_Strict):
    """The whole questionnaire and its rules."""

    rubric: Literal[1]
    id: Slug
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    title: Text
    sources: dict[str, Text]
    dimensions: dict[DimensionId, Dimension]
    questions: Annotated[list[Question], Field(min_length=1)]
    rules: list[Rule]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        """The questions by id."""
        return {q.id: q for q in self.questions}

    def questions_for(self, role: str) -> list[Question]:
        """The questions ``role`` answers, in order."""
        return [q for q in self.questions if role in q.roles]
