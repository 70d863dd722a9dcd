"""The plan file (``tiltaksplan.yaml``, docs/design.md §3) as records (:mod:`samarbeid.record`),
also the source of its JSON Schema (``samarbeid schema plan``). ``samarbeid plan`` writes it;
the team edits it (an owner, a deadline, a status per action); the next ``report`` reads it back
(:mod:`samarbeid.load.plan`) and follows each action up. It is read as strictly as an answer
file: unknown keys are refused, dates are ISO dates, a status is its id or a Norwegian word
for it (``pågår``, ``ferdig``)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

import msgspec

from samarbeid.answerfile import Date, _word, described
from samarbeid.domain import LAX, Slug
from samarbeid.record import Record
from samarbeid.vocab import ActionStatus, Severity

#: The format line every plan file starts with: ``tiltaksplan: 1``.
PlanVersion = Literal[1]
PLAN_VERSION: int = get_args(PlanVersion)[0]

Status = Annotated[ActionStatus, LAX, _word(ActionStatus)]
PlanSeverity = Annotated[Severity, LAX, _word(Severity)]


class Action(Record, frozen=True):
    """One action: the problem it answers, what to do, who owns it, by when, and how far it is."""

    id: Annotated[Slug, described("Stable id; samarbeid plan gives the problem's id.")]
    problem: Annotated[Slug, described("The problem (finding id) the action answers.")]
    title: Annotated[str | None, described("The problem's title, for the reader.")] = None
    severity: Annotated[PlanSeverity | None, described("The finding's severity when planned.")] = None
    what: Annotated[str | None, described("What to do.")] = None
    owner: Annotated[str | None, described("Who is responsible: replace the role with a person.")] = None
    deadline: Date | None = None
    status: Status = ActionStatus.ikke_startet
    note: str | None = None


class PlanFile(Record, frozen=True):
    """A whole plan file, as ``samarbeid plan`` writes it and the team edits it."""

    tiltaksplan: Annotated[PlanVersion, described("Plan file format version.")]
    project: Annotated[Slug, described("The project id of the answer files the plan was made from.")]
    made: Annotated[Date | None, described("When the plan was made.")] = None
    actions: list[Action] = msgspec.field(default_factory=list)
