"""The parts of an assessment made only when there is more than this round to show: how a
dimension, a finding's severity and the parties' gap on a question changed since an earlier
assessment (``--baseline``), and how each action of the tiltaksplan stands (``samarbeid plan``).

They live apart from :mod:`samarbeid.result.assessment`, which names them for types only, so
that a report without an earlier round or a plan never makes them. Like the rest of the
result, they are frozen ``msgspec.Struct`` classes, typed and free of language.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from samarbeid.vocab import ActionStatus, Dimension, FollowUp, Level, Movement, Severity


class DimensionChange(msgspec.Struct, frozen=True):
    """One dimension then and now."""

    before: float | None
    after: float | None
    change: float | None
    level_before: Level
    level_after: Level


class SeverityChange(msgspec.Struct, frozen=True):
    """A finding still open since the baseline at another severity («kritisk → middels»): the
    problem, its severity then and now, and the grade and escalation that word it now."""

    id: str
    before: Severity
    after: Severity
    grade: int = 0
    escalation: str | None = None


class DivergenceChange(msgspec.Struct, frozen=True):
    """How the parties' gap on a question moved (gaps of 50 or more count as divergences)."""

    question: str
    dimension: Dimension
    before: float | None
    after: float | None
    change: Movement


class ActionFollowUp(msgspec.Struct, frozen=True):
    """One action of the tiltaksplan (``samarbeid plan``) as it stands at this assessment: what
    the plan says (its id, problem, what to do, owner, deadline and status, as the team wrote
    them) and how it stands (``state``); ``severity`` is the problem's finding now, None when
    the problem is no longer a finding."""

    id: str
    problem: str
    what: str | None
    owner: str | None
    deadline: dt.date | None
    status: ActionStatus
    state: FollowUp
    severity: Severity | None
