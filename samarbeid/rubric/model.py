"""The rubric as records (:mod:`samarbeid.record`): dimensions, questions, scales, and the
problems the answers can show, each with graded conditions and escalations. pydantic validates
a rubric file into them (:mod:`samarbeid.rubric.load`); a checked rubric is kept pickled in the
user's cache, and read back, scored with and rendered without pydantic."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

import msgspec

from samarbeid.domain import DimensionId, RoleId, ScaleId, SeverityId, Slug
from samarbeid.record import Record, rule, written_as
from samarbeid.rubric.conditions import Condition, Evaluate
from samarbeid.vocab import SCALES, Dimension, Lang, NoAnswer, Role, Severity, Value


def _length(low: int, high: int | None = None) -> Any:
    """At least ``low`` (and at most ``high``) characters or items."""

    def make() -> list[Any]:
        from pydantic import Field

        return [Field(min_length=low, max_length=high)]

    return rule(make)


def _between(low: int, high: int) -> Any:
    def make() -> list[Any]:
        from pydantic import Field

        return [Field(ge=low, le=high)]

    return rule(make)


def _version() -> list[Any]:
    from pydantic import Field

    return [Field(pattern=r"^\d+\.\d+\.\d+$")]


Filled = Annotated[str, _length(1)]
Sources = Annotated[list[str], _length(1)]
#: the roles a question asks, or that act on a finding: one or both
Roles = Annotated[list[RoleId], _length(1, 2)]


class Text(Record, frozen=True, kw_only=True):
    """A text a person reads: bokmål and English always, nynorsk where the rubric has it
    (a rubric without nynorsk falls back to bokmål; the default rubric has all three)."""

    nb: Filled
    nn: Filled | None = None
    en: Filled

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        if lang == Lang.en:
            return self.en
        if lang == Lang.nn and self.nn is not None:
            return self.nn
        return self.nb


class DimensionText(Record, frozen=True, kw_only=True):
    """One of the three conditions for a successful collaboration, in words."""

    title: Text
    description: Text


class QuestionText(Record, frozen=True, kw_only=True):
    """A question's wording, per role that answers it."""

    kommune: Text | None = None
    entreprenor: Text | None = None


class Question(Record, frozen=True, kw_only=True, dict=True):
    """One question of the questionnaire."""

    id: Slug
    dimension: DimensionId
    roles: Roles
    scale: ScaleId
    weight: Annotated[int, _between(1, 3)]
    ikke_relevant: bool = False
    text: QuestionText
    help: Text
    sources: Sources

    @cached_property
    def points(self) -> dict[Value, float]:
        """Each scale value's place on the 0–100 scale (``vet_ikke`` and ``ikke_relevant``
        have none)."""
        return {value: float(score) for value, score in SCALES[self.scale].items()}

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


class Grade(Record, frozen=True, kw_only=True):
    """One step of a graded problem: the severity a finding gets when the condition holds, and
    optionally a title for this step (a partly-there gap reads differently from a missing one)
    and a first step of its own (a problem's grades may look at different questions)."""

    severity: SeverityId
    when: Condition
    title: Text | None = None
    action: Text | None = None


class Escalation(Record, frozen=True, kw_only=True):
    """Signals that sources name as breaking collaborations, found together: they raise the
    finding the problem's grades already give to ``severity`` (never create one).

    ``unless`` is the answer that contradicts the mechanism: when it holds, the escalation
    does not, so no headline says what an answer denies. (An escalation that needs both
    parties' answers is contradicted by either party's healthy answer, and needs none.)
    """

    id: Slug
    severity: SeverityId
    #: the mechanism, in one sentence: what the sources say breaks collaborations
    mechanism: Text
    when: Condition
    unless: Condition | None = None
    title: Text
    #: the first step when this escalation holds (default: the problem's action)
    action: Text | None = None
    sources: Sources


class EscalationPlan(msgspec.Struct, frozen=True):
    """An escalation as scoring runs it: its compiled conditions."""

    id: str
    severity: Severity
    when: Evaluate
    unless: Evaluate | None


class ProblemPlan(msgspec.Struct, frozen=True):
    """A problem as scoring runs it, made once per rubric: plain values and compiled
    conditions (:meth:`samarbeid.rubric.conditions._Kind.compile`), its grades most severe first."""

    id: str
    dimension: Dimension
    grades: tuple[tuple[Severity, Evaluate], ...]
    escalations: tuple[EscalationPlan, ...]


class Problem(Record, frozen=True, kw_only=True, dict=True):
    """One underlying problem the answers can show: it gives at most one finding.

    ``grades`` lists conditions on the problem's own answers, most severe first: the first
    that holds gives the finding and its severity (the worst answer the top grade, a middle
    answer a milder one). A problem with a single ``when`` has one grade, at ``severity``.
    ``escalations`` raise that finding when signals the sources name occur together; the
    finding's severity is the worst of its grade and escalations, its evidence every answer
    that contributed, and its title the one of whichever gave the severity.
    """

    id: Slug
    #: the most severe the problem can be: its top grade or escalation
    severity: SeverityId
    dimension: DimensionId
    #: earlier ids of this problem (rules that were merged into it), still accepted in
    #: ``accepted:`` and listed in the JSON report
    aliases: list[Slug] = msgspec.field(default_factory=list)
    when: Condition | None = None
    grades: Annotated[list[Grade], _length(1)] | None = None
    escalations: list[Escalation] = msgspec.field(default_factory=list)
    #: Not knowing is itself the risk (say why in ``why``): a finding driven by «vet ikke»
    #: may then be more severe than ``low``.
    unknown_is_risk: bool = False
    title: Text
    why: Text
    #: the why in one sentence, for a leader's short report (default: why's first sentence)
    brief: Text | None = None
    action: Text
    #: who acts on the finding: the party (or both) that must take the next step
    actors: Roles = msgspec.field(default_factory=lambda: list(Role))
    sources: Sources

    def title_at(self, grade: int, escalation: str | None = None) -> Text:
        """The title of the finding that ``grade`` (an index into :attr:`levels`) gives, raised
        by ``escalation`` if one did: the escalation's title, else the grade's own, else the
        problem's."""
        if escalation is not None:
            return self.escalation(escalation).title
        return self.levels[grade].title or self.title

    def action_for(self, grade: int, escalation: str | None = None) -> Text:
        """The first step: the raising escalation's own, else the grade's, else the problem's."""
        own = None if escalation is None else self.escalation(escalation).action
        return own or self.levels[grade].action or self.action

    def escalation(self, escalation_id: str) -> Escalation:
        """The escalation with ``escalation_id``."""
        return next(e for e in self.escalations if e.id == escalation_id)

    @cached_property
    def questions(self) -> frozenset[str]:
        """The questions whose answers give this problem's finding: its topic (escalations
        look further, at other problems' answers, and are not part of the topic)."""
        return frozenset(t.question for g in self.levels for t in g.when.answer_tests())

    @cached_property
    def levels(self) -> list[Grade]:
        """The problem's grades, most severe first (one grade for a problem with ``when``)."""
        if self.grades is not None:
            return self.grades
        assert self.when is not None, self.id  # rubric/check.py reports a problem with neither
        return [Grade(severity=self.severity, when=self.when)]

    @cached_property
    def plan(self) -> ProblemPlan:
        """This problem as scoring runs it (made once)."""
        return ProblemPlan(
            self.id,
            self.dimension,
            tuple((g.severity, g.when.evaluate) for g in self.levels),
            tuple(
                EscalationPlan(
                    e.id, e.severity, e.when.evaluate, None if e.unless is None else e.unless.evaluate
                )
                for e in self.escalations
            ),
        )


class Rubric(Record, frozen=True, kw_only=True, dict=True):
    """The whole questionnaire and the problems its answers can show.

    Format 2 lists ``problems:``; a format 1 file lists ``rules:``, read the same way (a rule is
    a problem without escalations or aliases).
    """

    rubric: Literal[1, 2]
    id: Slug
    version: Annotated[str, rule(_version)]
    title: Text
    sources: dict[str, Text]
    dimensions: dict[DimensionId, DimensionText]
    questions: Annotated[list[Question], _length(1)]
    problems: Annotated[list[Problem], written_as("problems", "rules")]

    @property
    def problems_key(self) -> str:
        """The key the problems are listed under in this rubric's file (for positions)."""
        return "rules" if self.rubric == 1 else "problems"

    @cached_property
    def by_id(self) -> dict[str, Question]:
        """The questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def plans(self) -> list[ProblemPlan]:
        """The problems as scoring runs them, in order (compiled once)."""
        return [p.plan for p in self.problems]

    @cached_property
    def by_dimension(self) -> dict[Dimension, list[Question]]:
        """The questions of each dimension, in order."""
        return {dim: [q for q in self.questions if q.dimension is dim] for dim in Dimension}

    @cached_property
    def problem_order(self) -> dict[str, int]:
        """Each problem's place in the rubric's order, by id."""
        return {p.id: i for i, p in enumerate(self.problems)}

    @cached_property
    def problems_by_id(self) -> dict[str, Problem]:
        """The problems by id, and by each of their aliases."""
        found = {a: p for p in self.problems for a in p.aliases}
        found.update((p.id, p) for p in self.problems)
        return found

    def questions_for(self, role: str) -> list[Question]:
        """The questions ``role`` answers, in order."""
        return [q for q in self.questions if role in q.roles]

    @cached_property
    def answerable(self) -> dict[str, dict[str, frozenset[Value]]]:
        """For each role, the questions it answers by id (in order), each with the value ids it
        accepts: what checking an answer file looks up for every answer."""
        return {role: {q.id: q.allowed for q in self.questions_for(role)} for role in Role}
