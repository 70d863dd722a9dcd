"""Declarative conditions of grades and escalations: each kind is a record
(:mod:`samarbeid.record`) that owns how it is
evaluated against the facts of an assessment, how it is checked against its rubric, and how
it reads in words.

A condition evaluates to ``None`` when it does not hold, or to the list of evidence that
shows it holds (possibly empty, e.g. for ``not``). Each kind compiles itself once into a plain
closure (:meth:`_Kind.compile`, kept in :attr:`_Kind.evaluate`): what it looks at is taken out
of the model then, so scoring a file calls functions over dicts and tuples only (a batch
evaluates each condition once per project). Adding a kind means one class here and one entry
in :data:`Condition`; nothing else switches on kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Annotated, Any, ClassVar, Protocol, Union

import msgspec

from samarbeid.domain import LAX
from samarbeid.errors import Problem
from samarbeid.record import Record, rule, written_as
from samarbeid.result.evidence import (
    AnswerEvidence,
    DivergenceEvidence,
    Evidence,
    PhaseEvidence,
    RoleMissingEvidence,
    ThresholdEvidence,
)
from samarbeid.vocab import Dimension, DivergenceKind, KindOrAny, Match, Metric, Phase, Role, RoleOrAny, Value

Path_ = tuple[str | int, ...]


class PartyGap(Protocol):
    """What a condition needs to know of a divergence: where the parties' answers to one
    question lie apart, and how far."""

    @property
    def question(self) -> str: ...
    @property
    def dimension(self) -> Dimension: ...
    @property
    def kind(self) -> DivergenceKind: ...
    @property
    def kommune(self) -> float: ...
    @property
    def entreprenor(self) -> float: ...
    @property
    def gap(self) -> float: ...


class DimensionScore(Protocol):
    """What a condition needs to know of a dimension's result."""

    @property
    def score(self) -> float | None: ...
    @property
    def coverage(self) -> float: ...


class QuestionSpec(Protocol):
    """What a condition's check needs to know of a question of its rubric."""

    @property
    def id(self) -> str: ...
    @property
    def roles(self) -> Sequence[Role]: ...
    def values(self) -> list[Value]: ...


class Respondent(Protocol):
    """What a condition needs to know of a respondent: its answers, and (for the evidence of
    an answer a condition cites) who it is and where each answer stands."""

    @property
    def role(self) -> Role: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def file(self) -> str: ...
    @property
    def answers(self) -> Mapping[str, Value]: ...
    @property
    def comments(self) -> Mapping[str, str]: ...
    @property
    def refs(self) -> Mapping[str, tuple[int, int]]: ...


class Facts(msgspec.Struct, frozen=True):
    """What conditions may look at: the answers given, and what scoring made of them.

    The answers are tested as the plain values they are; an answer becomes evidence only
    when a condition that holds cites it (:meth:`cite`), most answers of a file never do.
    """

    #: the respondents, in file order, each with its answers by question id
    respondents: Sequence[Respondent]
    divergences: Sequence[PartyGap]
    dimensions: Mapping[Dimension, DimensionScore]
    roles_answered: frozenset[Role]
    phase: Phase | None = None
    #: the evidence made so far, by (respondent's place, question id)
    _cited: dict[tuple[int, str], AnswerEvidence] = msgspec.field(default_factory=dict)

    def cite(self, index: int, question: str) -> AnswerEvidence:
        """The answer of respondent ``index`` to ``question`` as evidence: made the first time
        it is cited, the same object for every condition and finding citing it after."""
        evidence = self._cited.get((index, question))
        if evidence is None:
            r = self.respondents[index]
            line, column = r.refs[question]
            value, comment = r.answers[question], r.comments.get(question)
            evidence = AnswerEvidence(question, r.role, r.unit, r.name, value, comment, r.file, line, column)
            self._cited[index, question] = evidence
        return evidence


class CheckContext(msgspec.Struct, frozen=True):
    """What a condition's check needs: its rubric's questions by id, and a way to name a
    place in the file."""

    questions: Mapping[str, QuestionSpec]
    at: Callable[..., Problem]  # at(path, code, **params) → a positioned problem


#: The dimensions' titles in the reader's language, for :meth:`_Kind.describe`.
Titles = Mapping[Dimension, str]


#: A compiled condition: the evidence that it holds for the facts, or None.
Evaluate = Callable[[Facts], list[Evidence] | None]


def _field(**given: Any) -> Any:
    """pydantic's ``Field(**given)`` for a field's type: a bound, a length."""

    def make() -> list[Any]:
        from pydantic import Field

        return [Field(**given)]

    return rule(make)


class _Kind(Record, frozen=True, kw_only=True, dict=True):
    """The interface every condition kind implements (each is a record; its compiled closure
    is kept in its ``__dict__``)."""

    @cached_property
    def evaluate(self) -> Evaluate:
        """The evidence that this condition holds, or None: :meth:`compile`, made once."""
        return self.compile()

    def compile(self) -> Evaluate:
        """This condition as a closure over what it tests."""
        raise NotImplementedError

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        """The problems of this condition in its rubric (unknown questions, impossible values…)."""
        return iter(())

    def describe(self, titles: Titles, lang: str) -> str:
        """The condition as a sentence (Markdown, with ids in backticks), in ``lang``."""
        raise NotImplementedError

    def answer_tests(self) -> Iterator[AnswerTest]:
        """The answer tests that make this condition hold (not those under ``not``): what
        ``rubric check`` compares between the grades of a problem."""
        return iter(())

    def mentions_phase(self) -> bool:
        """Whether the project's phase is part of this condition (anywhere in it)."""
        return False


def _t(code: str, lang: str, **params: Any) -> str:
    from samarbeid.i18n import t  # words are only needed for documentation

    return t(code, lang, **params)


# ---- answers -------------------------------------------------------------------------------


class AnswerTest(Record, frozen=True, kw_only=True, dict=True):
    """Some respondent(s) gave one of the listed values."""

    question: str
    values: Annotated[list[Value], _field(min_length=1), written_as("in")]
    role: Annotated[RoleOrAny, LAX] = RoleOrAny.any
    match: Annotated[Match, LAX] = Match.any

    @cached_property
    def wanted(self) -> frozenset[Value]:
        """The listed values, for membership tests (a batch evaluates this thousands of times)."""
        return frozenset(self.values)


class AnswerCondition(_Kind, frozen=True):
    answer: AnswerTest

    def compile(self) -> Evaluate:
        test = self.answer
        qid, wanted = test.question, test.wanted
        role = None if test.role is RoleOrAny.any else Role(test.role)

        def some(facts: Facts) -> list[Evidence] | None:
            # a missing answer is None, never a wanted value; the list is made on the first hit
            # (in a file about half the tests have none), the place counted without enumerate
            hits: list[Evidence] | None = None
            index = -1
            for r in facts.respondents:
                index += 1
                if r.answers.get(qid) in wanted and (role is None or r.role == role):
                    if hits is None:
                        hits = [facts.cite(index, qid)]
                    else:
                        hits.append(facts.cite(index, qid))
            return hits

        def every(facts: Facts) -> list[Evidence] | None:
            hits: list[Evidence] = []
            given = 0  # the answers to the question (of the role)
            for index, r in enumerate(facts.respondents):
                value = r.answers.get(qid)
                if value is None or (role is not None and r.role != role):
                    continue
                given += 1
                if value in wanted:
                    hits.append(facts.cite(index, qid))
            if not hits or len(hits) != given:
                return None
            return hits

        return every if test.match is Match.all else some

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        test = self.answer
        p = (*path, "answer")
        q = ctx.questions.get(test.question)
        if q is None:
            yield ctx.at((*p, "question"), "rubric.unknown_question", question=test.question)
            return
        if not any(test.role.covers(role) for role in q.roles):
            yield ctx.at((*p, "role"), "rubric.role_not_asked", question=q.id, role=test.role)
        allowed = q.values()
        for j, value in enumerate(test.values):
            if isinstance(value, bool) or value not in allowed:
                yield ctx.at(
                    (*p, "in", j),
                    "rubric.impossible_value",
                    found=repr(value),
                    question=q.id,
                    allowed=", ".join(map(str, allowed)),
                )

    def answer_tests(self) -> Iterator[AnswerTest]:
        yield self.answer

    def describe(self, titles: Titles, lang: str) -> str:
        a = self.answer
        values = f" {_t('cond.or', lang)} ".join(str(v) for v in a.values)
        who = _t(f"cond.who.{a.match}.{a.role}", lang)
        return _t("cond.answer", lang, question=a.question, values=values, who=who)


# ---- divergence between the parties -----------------------------------------------------------


class DivergenceTest(Record, frozen=True, kw_only=True):
    """The parties' answers diverge on the questions (or in the dimension)."""

    questions: list[str] | None = None
    dimension: Annotated[Dimension, LAX] | None = None
    kind: Annotated[KindOrAny, LAX] = KindOrAny(DivergenceKind.disagreement)


class DivergenceCondition(_Kind, frozen=True):
    divergence: DivergenceTest

    def compile(self) -> Evaluate:
        test = self.divergence
        questions = None if test.questions is None else frozenset(test.questions)
        dimension, kind = test.dimension, test.kind

        def evaluate(facts: Facts) -> list[Evidence] | None:
            hits: list[Evidence] = [
                DivergenceEvidence(d.question, d.kommune, d.entreprenor, d.gap)
                for d in facts.divergences
                if (questions is None or d.question in questions)
                and (dimension is None or d.dimension is dimension)
                and kind.covers(d.kind)
            ]
            return hits or None

        return evaluate

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        div = self.divergence
        p = (*path, "divergence")
        if div.questions is not None and div.dimension is not None:
            yield ctx.at(p, "rubric.divergence_both")
        for j, qid in enumerate(div.questions or []):
            q = ctx.questions.get(qid)
            if q is None:
                yield ctx.at((*p, "questions", j), "rubric.unknown_question", question=qid)
            elif len(q.roles) < 2:
                yield ctx.at(
                    (*p, "questions", j), "rubric.role_not_asked", question=qid, role=" + ".join(Role)
                )

    def describe(self, titles: Titles, lang: str) -> str:
        d = self.divergence
        if d.questions:
            scope = ", ".join(f"`{q}`" for q in d.questions)
        elif d.dimension:
            title = titles[d.dimension].lower()
            scope = _t("cond.in_dimension", lang, dimension=title)
        else:
            scope = _t("cond.any_question", lang)
        return _t(f"cond.divergence.{d.kind}", lang, scope=scope)


# ---- a dimension's score or coverage -------------------------------------------------------------


class ThresholdTest(Record, frozen=True, kw_only=True):
    """A dimension's score (0–100) or coverage (0–1) is below a threshold."""

    dimension: Annotated[Dimension, LAX]
    below: Annotated[float, _field(ge=0, le=100)]


class _ThresholdKind(_Kind, frozen=True):
    metric: ClassVar[Metric]

    @property
    def test(self) -> ThresholdTest:
        raise NotImplementedError

    def compile(self) -> Evaluate:
        dimension, below, metric = self.test.dimension, self.test.below, self.metric
        of_score = metric is Metric.score

        def evaluate(facts: Facts) -> list[Evidence] | None:
            result = facts.dimensions[dimension]
            value = result.score if of_score else result.coverage
            if value is None or not value < below:
                return None
            return [ThresholdEvidence(dimension, metric, value, below)]

        return evaluate

    def describe(self, titles: Titles, lang: str) -> str:
        title = titles[self.test.dimension].lower()
        return _t(f"cond.{self.metric}", lang, dimension=title, below=f"{self.test.below:g}")


class ScoreCondition(_ThresholdKind, frozen=True):
    metric: ClassVar[Metric] = Metric.score
    score: ThresholdTest

    @property
    def test(self) -> ThresholdTest:
        return self.score


class CoverageCondition(_ThresholdKind, frozen=True):
    metric: ClassVar[Metric] = Metric.coverage
    coverage: ThresholdTest

    @property
    def test(self) -> ThresholdTest:
        return self.coverage

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        if self.coverage.below > 1:
            yield ctx.at(
                (*path, "coverage", "below"), "v.range", found=f"{self.coverage.below:g}", allowed="0–1"
            )


# ---- a party that has not answered ---------------------------------------------------------------


class RoleMissingCondition(_Kind, frozen=True):
    role_missing: Annotated[RoleOrAny, LAX]

    def compile(self) -> Evaluate:
        roles = [r for r in Role if self.role_missing.covers(r)]

        def evaluate(facts: Facts) -> list[Evidence] | None:
            return [RoleMissingEvidence(r) for r in roles if r not in facts.roles_answered] or None

        return evaluate

    def describe(self, titles: Titles, lang: str) -> str:
        return _t(f"cond.role_missing.{self.role_missing}", lang)


# ---- where the collaboration stands ------------------------------------------------------------------


class PhaseCondition(_Kind, frozen=True):
    """The project is in one of the listed phases (``project.phase`` in the answer file)."""

    phase: Annotated[list[Annotated[Phase, LAX]], _field(min_length=1)]

    def compile(self) -> Evaluate:
        phases = frozenset(self.phase)

        def evaluate(facts: Facts) -> list[Evidence] | None:
            return [PhaseEvidence(facts.phase)] if facts.phase in phases else None

        return evaluate

    def describe(self, titles: Titles, lang: str) -> str:
        phases = f" {_t('cond.or', lang)} ".join(_t(f"phase.{p}", lang) for p in self.phase)
        return _t("cond.phase", lang, phases=phases)

    def mentions_phase(self) -> bool:
        return True


# ---- combinations ----------------------------------------------------------------------------------


class AllCondition(_Kind, frozen=True):
    all: Annotated[list[Condition], _field(min_length=1)]

    def compile(self) -> Evaluate:
        subs = tuple(sub.evaluate for sub in self.all)

        def evaluate(facts: Facts) -> list[Evidence] | None:
            evidence: list[Evidence] = []
            for sub in subs:
                found = sub(facts)
                if found is None:
                    return None
                evidence.extend(found)
            return evidence

        return evaluate

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        for j, sub in enumerate(self.all):
            yield from sub.check(ctx, (*path, "all", j))

    def describe(self, titles: Titles, lang: str) -> str:
        return _joined(self.all, "cond.and", titles, lang)

    def mentions_phase(self) -> bool:
        return any(sub.mentions_phase() for sub in self.all)

    def answer_tests(self) -> Iterator[AnswerTest]:
        for sub in self.all:
            yield from sub.answer_tests()


class AnyCondition(_Kind, frozen=True):
    any: Annotated[list[Condition], _field(min_length=1)]

    def compile(self) -> Evaluate:
        subs = tuple(sub.evaluate for sub in self.any)

        def evaluate(facts: Facts) -> list[Evidence] | None:
            evidence: list[Evidence] | None = None
            for sub in subs:
                found = sub(facts)
                if found is not None:
                    if evidence is None:
                        evidence = list(found)
                    else:
                        evidence.extend(found)
            return evidence

        return evaluate

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        for j, sub in enumerate(self.any):
            yield from sub.check(ctx, (*path, "any", j))

    def describe(self, titles: Titles, lang: str) -> str:
        return _joined(self.any, "cond.or", titles, lang)

    def mentions_phase(self) -> bool:
        return any(sub.mentions_phase() for sub in self.any)

    def answer_tests(self) -> Iterator[AnswerTest]:
        for sub in self.any:
            yield from sub.answer_tests()


class NotCondition(_Kind, frozen=True):
    not_: Annotated[Condition, written_as("not")]

    def compile(self) -> Evaluate:
        inner = self.not_.evaluate

        def evaluate(facts: Facts) -> list[Evidence] | None:
            return [] if inner(facts) is None else None

        return evaluate

    def check(self, ctx: CheckContext, path: Path_) -> Iterator[Problem]:
        yield from self.not_.check(ctx, (*path, "not"))

    def describe(self, titles: Titles, lang: str) -> str:
        return _t("cond.not", lang, inner=self.not_.describe(titles, lang))

    def mentions_phase(self) -> bool:
        return self.not_.mentions_phase()


def _joined(parts: Sequence[_Kind], joiner: str, titles: Titles, lang: str) -> str:
    texts = [p.describe(titles, lang) for p in parts]
    return texts[0] if len(texts) == 1 else "(" + f" {_t(joiner, lang)} ".join(texts) + ")"


# ---- the union -------------------------------------------------------------------------------------

#: Each condition kind by the one key that names it in a rubric file.
KINDS: dict[str, type[_Kind]] = {
    "answer": AnswerCondition,
    "divergence": DivergenceCondition,
    "score": ScoreCondition,
    "coverage": CoverageCondition,
    "role_missing": RoleMissingCondition,
    "phase": PhaseCondition,
    "all": AllCondition,
    "any": AnyCondition,
    "not": NotCondition,
}
_KEY_OF = {kind: key for key, kind in KINDS.items()}


def _condition_key(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value)))
    return _KEY_OF.get(type(value))


def _tag(key: str) -> Any:
    def make() -> list[Any]:
        from pydantic import Tag

        return [Tag(key)]

    return rule(make)


def _by_key() -> list[Any]:
    from pydantic import Discriminator

    return [Discriminator(_condition_key)]


Condition = Annotated[
    Union[
        Annotated[AnswerCondition, _tag("answer")],
        Annotated[DivergenceCondition, _tag("divergence")],
        Annotated[ScoreCondition, _tag("score")],
        Annotated[CoverageCondition, _tag("coverage")],
        Annotated[RoleMissingCondition, _tag("role_missing")],
        Annotated[PhaseCondition, _tag("phase")],
        Annotated[AllCondition, _tag("all")],
        Annotated[AnyCondition, _tag("any")],
        Annotated[NotCondition, _tag("not")],
    ],
    rule(_by_key),
]
