"""The rubric as pydantic models: dimensions, questions, scales and declarative rules."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from samarbeid.domain import DimensionId, RoleId, ScaleId, SeverityId, Slug
from samarbeid.rubric.conditions import Condition
from samarbeid.vocab import SCALES, Lang, NoAnswer, Role, Severity, Value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(_Strict):
    """A text a person reads: bokmål and English always, nynorsk where the rubric has it
    (a rubric without nynorsk falls back to bokmål; the default rubric has all three)."""

    nb: Annotated[str, Field(min_length=1)]
    nn: Annotated[str, Field(min_length=1)] | None = None
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        if lang == Lang.en:
            return self.en
        if lang == Lang.nn and self.nn is not None:
            return self.nn
        return self.nb


class DimensionText(_Strict):
    """One of the three conditions for a successful collaboration, in words."""

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
    roles: Annotated[list[RoleId], Field(min_length=1, max_length=2)]
    scale: ScaleId
    weight: Annotated[int, Field(ge=1, le=3)]
    ikke_relevant: bool = False
    text: QuestionText
    help: Text
    sources: Annotated[list[str], Field(min_length=1)]

    @cached_property
    def allowed(self) -> frozenset[Value]:
        """The value ids this question accepts, for membership tests."""
        return frozenset(self.values())

    def values(self) -> list[Value]:
        """Every value id this question accepts, scale values first."""
        extra: list[Value] = [NoAnswer.vet_ikke.value]
        if self.ikke_relevant:
            extra.append(NoAnswer.ikke_relevant.value)
        return [*SCALES[self.scale], *extra]

    def wording(self, role: str, lang: str) -> str:
        """The question as ``role`` reads it."""
        text: Text | None = getattr(self.text, role)
        assert text is not None, (self.id, role)
        return text.get(lang)


class Grade(_Strict):
    """One step of a graded rule: the severity a finding gets when the condition holds, and
    optionally a title for this step (a partly-there gap reads differently from a missing one)."""

    severity: SeverityId
    when: Condition
    title: Text | None = None


class Rule(_Strict):
    """A risk rule: when its condition holds, the report names the gap.

    A rule is one topic. Its severity follows the answers: ``grades`` lists conditions from
    the most severe to the mildest, and the first that holds gives the finding's severity
    (the worst answer the rule's top ``severity``, a middle answer a milder one). A rule
    with a single ``when`` has one grade, at ``severity``.
    """

    id: Slug
    severity: SeverityId
    dimension: DimensionId
    when: Condition | None = None
    grades: Annotated[list[Grade], Field(min_length=1)] | None = None
    #: Not knowing is itself the risk (say why in ``why``): a finding driven by «vet ikke»
    #: may then be more severe than ``low``.
    unknown_is_risk: bool = False
    title: Text
    why: Text
    #: the why in one sentence, for a leader's short report (default: why's first sentence)
    brief: Text | None = None
    action: Text
    #: who acts on the finding: the party (or both) that must take the next step
    actors: Annotated[list[RoleId], Field(min_length=1, max_length=2)] = Field(
        default_factory=lambda: list(Role)
    )
    sources: Annotated[list[str], Field(min_length=1)]

    def title_at(self, severity: Severity) -> Text:
        """The title of the finding at ``severity``: its grade's own title, else the rule's."""
        for grade in self.levels:
            if grade.severity is severity and grade.title is not None:
                return grade.title
        return self.title

    @cached_property
    def questions(self) -> frozenset[str]:
        """The questions whose answers make this rule fire: its topic. Two rules that look at a
        common question are about the same thing (see samarbeid/score/priorities.py)."""
        return frozenset(t.question for g in self.levels for t in g.when.answer_tests())

    @cached_property
    def levels(self) -> list[Grade]:
        """The rule's grades, most severe first (one grade for a rule with ``when``)."""
        if self.grades is not None:
            return self.grades
        assert self.when is not None, self.id  # rubric/check.py reports a rule with neither
        return [Grade(severity=self.severity, when=self.when)]


class Rubric(_Strict):
    """The whole questionnaire and its rules."""

    rubric: Literal[1]
    id: Slug
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    title: Text
    sources: dict[str, Text]
    dimensions: dict[DimensionId, DimensionText]
    questions: Annotated[list[Question], Field(min_length=1)]
    rules: list[Rule]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        """The questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """The rules by id."""
        return {r.id: r for r in self.rules}

    def questions_for(self, role: str) -> list[Question]:
        """The questions ``role`` answers, in order."""
        return [q for q in self.questions if role in q.roles]
