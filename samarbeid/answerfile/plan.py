"""The plan file (``tiltaksplan.yaml``, docs/design.md §3) as pydantic models, also the source
of its JSON Schema (``samarbeid schema plan``). ``samarbeid plan`` writes it; the team edits
it (an owner, a deadline, a status per action); the next ``report`` reads it back
(:mod:`samarbeid.load.plan`) and follows each action up. It is read as strictly as an answer
file: unknown keys are refused, dates are ISO dates, a status is its id or a Norwegian word
for it (``pågår``, ``ferdig``)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, Strict

from samarbeid.answerfile import Date, _alias, _Strict, _words
from samarbeid.domain import Slug
from samarbeid.vocab import ActionStatus, Severity

#: The name ``report`` looks for next to the answer files, and ``batch`` passes over when it
#: searches a folder for answer files.
PLAN_FILE = "tiltaksplan.yaml"

#: The format line every plan file starts with: ``tiltaksplan: 1``.
PlanVersion = Literal[1]
PLAN_VERSION: int = get_args(PlanVersion)[0]

Status = Annotated[ActionStatus, Strict(False), _alias(ActionStatus), _words(ActionStatus)]
PlanSeverity = Annotated[Severity, Strict(False), _alias(Severity), _words(Severity)]


class Action(_Strict):
    """One action: the problem it answers, what to do, who owns it, by when, and how far it is."""

    id: Slug = Field(description="Stable id; samarbeid plan gives the problem's id.")
    problem: Slug = Field(description="The problem (finding id) the action answers.")
    title: str | None = Field(default=None, description="The problem's title, for the reader.")
    severity: PlanSeverity | None = Field(default=None, description="The finding's severity when planned.")
    what: str | None = Field(default=None, description="What to do.")
    owner: str | None = Field(default=None, description="Who is responsible: replace the role with a person.")
    deadline: Date | None = None
    status: Status = ActionStatus.ikke_startet
    note: str | None = None


class PlanFile(_Strict):
    """A whole plan file, as ``samarbeid plan`` writes it and the team edits it."""

    tiltaksplan: PlanVersion = Field(description="Plan file format version.")
    project: Slug = Field(description="The project id of the answer files the plan was made from.")
    made: Date | None = Field(default=None, description="When the plan was made.")
    actions: list[Action] = Field(default_factory=list)
