"""The interactive checklist's engine: which question is next, answering, skipping, going back.

Pure data and functions, no I/O and no words: ``samarbeid.commands.assess`` does the
prompting (and supplies the value labels a user may type), and
:mod:`samarbeid.answerwriter` the saving. An :class:`Interview` is immutable; every
action returns a new one.

The questions are *steps*: one per (question, party). With one role the steps are that
role's questions; in workshop mode (two roles) each question is asked to each party in
turn before the next question. Steps are grouped by dimension, in the rubric's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Union

from samarbeid.rubric.model import Question, Rubric
from samarbeid.vocab import SCALES, NoAnswer, Role, Scale, Value

_NO_ANSWER: frozenset[Value] = frozenset(str(v.value) for v in NoAnswer)

#: Answers that offer a one-line comment: the two lowest steps of ``enighet``, and ``nei``.
LOW_VALUES: frozenset[Value] = frozenset({*list(SCALES[Scale.enighet])[:2], next(iter(SCALES[Scale.status]))})


@dataclass(frozen=True)
class Step:
    """One question put to one party."""

    index: int  # position in the whole sequence of steps
    party: int  # index into the interview's roles
    role: Role
    question: Question
    number: int  # the question's number, 1-based, as shown in ``[12/38]``
    total: int  # how many questions there are


# ---- actions: what a typed key means ---------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """Answer the question with ``value``."""

    value: Value


@dataclass(frozen=True)
class Help:
    """Show why the question matters and its source."""


@dataclass(frozen=True)
class Back:
    """Go back to the previous answer and change it."""


@dataclass(frozen=True)
class Skip:
    """Leave the question unanswered for now."""


@dataclass(frozen=True)
class Quit:
    """Save and stop; the file can be resumed later."""


@dataclass(frozen=True)
class Invalid:
    """A key that means nothing here."""

    key: str


Action = Union[Answer, Help, Back, Skip, Quit, Invalid]

_COMMANDS: dict[str, Action] = {"?": Help(), "b": Back(), "s": Skip(), "q": Quit()}


def parse_key(
    text: str,
    question: Question,
    labels: Mapping[Value, Iterable[str]] | None = None,
    letters: Mapping[str, Value] | None = None,
) -> Action:
    """What a typed line means for ``question``.

    A number is always a step on the question's scale (see :func:`numbered`): ``1`` is the
    lowest on every question, and no number means «vet ikke» or «ikke relevant». Those two
    have ``letters`` (the same on every question, given by the prompting side in the user's
    language: ``{"v": "vet_ikke", "i": "ikke_relevant"}``); a letter for a value the question
    does not allow is not a choice. ``?``, ``b``, ``s`` and ``q`` are the commands. A value id
    (``ja``, ``vet ikke``) is also understood, and so are the words ``labels`` gives for a
    value (``agree``), matched without case.
    """
    key = text.strip()
    low = " ".join(key.casefold().split())
    if low in _COMMANDS:
        return _COMMANDS[low]
    values = choices(question)
    if low.isdecimal() and low.isascii():
        steps = numbered(question)
        n = int(low)
        return Answer(steps[n - 1]) if 1 <= n <= len(steps) else Invalid(key)
    for letter, value in (letters or {}).items():
        if low == letter.casefold() and value in values:
            return Answer(value)
    for value in values:
        names = {str(value), str(value).replace("_", " ")}
        names.update(" ".join(label.casefold().split()) for label in (labels or {}).get(value, ()))
        if low in names:
            return Answer(value)
    return Invalid(key)


def choices(question: Question) -> list[Value]:
    """Every answer ``question`` takes: the scale's values (lowest first), then ``vet_ikke``
    and, where the rubric allows it, ``ikke_relevant``."""
    return question.values()


def numbered(question: Question) -> list[Value]:
    """The choices typed as a number: the scale's steps, lowest first. Choice ``n`` is
    ``numbered(q)[n - 1]``; «vet ikke» and «ikke relevant» have letters instead."""
    return list(SCALES[question.scale])


def is_low(value: Value | None) -> bool:
    """Whether an answer is low enough to offer a comment (1–2, or ``nei``)."""
    return value is not None and not isinstance(value, bool) and value in LOW_VALUES


def needs_reason(value: Value | None) -> bool:
    """Whether an answer asks for a reason (``ikke_relevant``)."""
    return value == NoAnswer.ikke_relevant


def plan(rubric: Rubric, roles: Sequence[Role | str]) -> tuple[Step, ...]:
    """Every step, grouped by dimension in the rubric's order; in a question, each role in turn."""
    dims = list(rubric.dimensions)
    questions = [q for q in rubric.questions if any(role in q.roles for role in roles)]
    questions.sort(key=lambda q: dims.index(q.dimension))  # stable: keeps the rubric's order
    steps: list[Step] = []
    for number, q in enumerate(questions, 1):
        for party, role in enumerate(roles):
            if role in q.roles:
                steps.append(Step(len(steps), party, Role(role), q, number, len(questions)))
    return tuple(steps)


@dataclass(frozen=True)
class Interview:
    """Where a checklist session stands: answers per party, what was skipped, what is next."""

    roles: tuple[Role, ...]
    steps: tuple[Step, ...]
    answers: tuple[Mapping[str, Value], ...]
    comments: tuple[Mapping[str, str], ...]
    skipped: frozenset[int] = frozenset()
    #: the steps handled in this session, latest last: what ``back`` returns to
    history: tuple[int, ...] = ()
    position: int | None = field(default=None)

    @classmethod
    def start(
        cls,
        rubric: Rubric,
        roles: Sequence[Role | str],
        answers: Sequence[Mapping[str, Value]] | None = None,
        comments: Sequence[Mapping[str, str]] | None = None,
    ) -> Interview:
        """A session for ``roles`` (one, or two in workshop mode), resuming ``answers`` given
        earlier: it starts at the first question not answered yet."""
        if not roles or len(set(roles)) != len(roles):
            raise ValueError(f"roles must be distinct and not empty: {tuple(roles)!r}")
        parties = tuple(Role(r) for r in roles)
        empty: list[Mapping[str, Value]] = [{} for _ in parties]
        answers = [dict(a) for a in (answers or empty)]
        comments_ = [dict(c) for c in (comments or [{} for _ in parties])]
        if len(answers) != len(parties) or len(comments_) != len(parties):
            raise ValueError("one answers and one comments mapping per role")
        interview = cls(parties, plan(rubric, parties), tuple(answers), tuple(comments_))
        return replace(interview, position=interview._first_pending())

    # ---- reading the state --------------------------------------------------------

    @property
    def current(self) -> Step | None:
        """The step to ask now; None when every question is answered or skipped."""
        return None if self.position is None else self.steps[self.position]

    @property
    def done(self) -> bool:
        """Whether there is nothing left to ask in this session."""
        return self.position is None

    def value_of(self, step: Step) -> Value | None:
        """The answer ``step``'s party has given to its question, if any."""
        return self.answers[step.party].get(step.question.id)

    def comment_of(self, step: Step) -> str | None:
        """The comment ``step``'s party has written on its question, if any."""
        return self.comments[step.party].get(step.question.id)

    def unanswered(self, party: int | None = None) -> list[Step]:
        """The steps (of one party, or all) without an answer."""
        return [s for s in self.steps if self.value_of(s) is None and (party is None or s.party == party)]

    def answered_count(self, party: int | None = None) -> int:
        """How many of the steps (of one party, or all) have an answer, «vet ikke» and
        «ikke relevant» included: those are not asked again."""
        return sum(
            1 for s in self.steps if self.value_of(s) is not None and (party is None or s.party == party)
        )

    def scored_count(self, party: int | None = None) -> int:
        """How many of the steps (of one party, or all) are answered on the scale: what the
        report counts as answered («vet ikke» and «ikke relevant» are not)."""
        return sum(
            1
            for s in self.steps
            if self.value_of(s) is not None
            and self.value_of(s) not in _NO_ANSWER
            and (party is None or s.party == party)
        )

    def question_count(self) -> int:
        """How many questions there are: the ``N`` of ``[n/N]`` (in workshop mode a question
        both parties answer is one question)."""
        return len({s.question.id for s in self.steps})

    def questions_scored(self) -> int:
        """How many questions every party asked has answered on the scale: the ``n`` of
        «n av N spørsmål», counted as :meth:`question_count` counts."""
        scored: dict[str, bool] = {}
        for s in self.steps:
            value = self.value_of(s)
            scored[s.question.id] = (
                scored.get(s.question.id, True) and value is not None and value not in _NO_ANSWER
            )
        return sum(scored.values())

    def count_of(self, value: Value, party: int | None = None) -> int:
        """How many of the steps (of one party, or all) are answered ``value``."""
        return sum(1 for s in self.steps if self.value_of(s) == value and (party is None or s.party == party))

    def total(self, party: int | None = None) -> int:
        """How many steps there are (for one party, or all)."""
        return sum(1 for s in self.steps if party is None or s.party == party)

    def same_question(self, step: Step) -> list[Step]:
        """Every party's step for ``step``'s question (workshop mode has one per party)."""
        return [s for s in self.steps if s.question.id == step.question.id]

    def closes_question(self, step: Step) -> bool:
        """Whether, with ``step`` just handled, the session has left its question: every
        party has had its turn and the next step is another question (or none)."""
        nxt = self.current
        return nxt is None or nxt.question.id != step.question.id

    @property
    def can_go_back(self) -> bool:
        """Whether ``back`` has somewhere to go."""
        return bool(self.history) or (self.position is not None and self.position > 0)

    # ---- actions ------------------------------------------------------------------

    def answer(self, value: Value) -> Interview:
        """Answer the current step and move on to the next question not answered yet."""
        step = self._require_current()
        if isinstance(value, bool) or value not in step.question.values():
            raise ValueError(f"{value!r} is not an answer to {step.question.id}")
        answers = list(self.answers)
        answers[step.party] = {**answers[step.party], step.question.id: value}
        moved = replace(
            self,
            answers=tuple(answers),
            skipped=self.skipped - {step.index},
            history=(*self.history, step.index),
        )
        return replace(moved, position=moved._first_pending())

    def skip(self) -> Interview:
        """Leave the current step as it is (unanswered, or with its earlier answer) and move on.

        A skipped question is not asked again in this session; a later session asks it."""
        step = self._require_current()
        moved = replace(self, skipped=self.skipped | {step.index}, history=(*self.history, step.index))
        return replace(moved, position=moved._first_pending())

    def back(self) -> Interview:
        """Return to the step handled last in this session (or, at the start of a resumed
        session, the step before the current one), so its answer can be changed.

        Unchanged when there is nowhere to go (see :attr:`can_go_back`)."""
        if self.history:
            target, history = self.history[-1], self.history[:-1]
        elif self.position is not None and self.position > 0:
            target, history = self.position - 1, ()
        else:
            return self
        return replace(self, position=target, history=history, skipped=self.skipped - {target})

    def comment(self, step: Step, text: str) -> Interview:
        """Set the comment on ``step``'s question (one line; empty removes it)."""
        line = " ".join(text.split())
        comments = list(self.comments)
        mine = dict(comments[step.party])
        if line:
            mine[step.question.id] = line
        else:
            mine.pop(step.question.id, None)
        comments[step.party] = mine
        return replace(self, comments=tuple(comments))

    # ---- helpers ------------------------------------------------------------------

    def _require_current(self) -> Step:
        step = self.current
        if step is None:
            raise ValueError("the interview is finished")
        return step

    def _first_pending(self) -> int | None:
        for s in self.steps:
            if s.index not in self.skipped and self.value_of(s) is None:
                return s.index
        return None
