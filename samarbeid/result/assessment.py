"""The result of scoring one project: typed, immutable and free of language.

Scoring (:mod:`samarbeid.score.scoring`) builds these objects directly; renderers turn them into
words. Nothing here is a sentence: evidence is data (which answer, by whom, where in which
file; which gap; which threshold), so the JSON report carries the same evidence and numbers
in every language. The JSON contract (docs/design.md §7) is these classes as serialised by
:mod:`samarbeid.render.json`, which adds the localised texts (titles, why, action).

The classes are frozen ``msgspec.Struct`` classes rather than dataclasses or pydantic models:
a batch builds thousands of them, and a Struct is made about five times faster than a frozen
slotted dataclass (0.09 µs against 0.6 µs) and is written by msgspec, which encodes the JSON.
Defining one costs about 0.03 ms at import against 0.6–0.9 ms for a dataclass (this module's
classes took 13–18 ms of a report's start as dataclasses). pydantic describes them for the
JSON Schema through their dataclass mirrors (:mod:`samarbeid.mirror`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from samarbeid.answerfile import ProjectInfo
from samarbeid.result.evidence import (
    AnswerEvidence,
    DivergenceEvidence,
    Evidence,
    RoleMissingEvidence,
    ThresholdEvidence,
)
from samarbeid.vocab import (
    Dimension,
    DivergenceKind,
    FailOn,
    Level,
    Role,
    Severity,
    Status,
    UnansweredReason,
)

if TYPE_CHECKING:
    # made only with an earlier round or a plan, so a report without them never imports them
    from samarbeid.result.history import ActionFollowUp, DimensionChange, DivergenceChange, SeverityChange

#: The version of the JSON report's shape; bumped when a field changes meaning (CHANGELOG).
SCHEMA_VERSION = 3

__all__ = [
    "AnswerEvidence",
    "DivergenceEvidence",
    "Evidence",
    "RoleMissingEvidence",
    "ThresholdEvidence",
]


# ---- the parts of an assessment ---------------------------------------------------------


class ToolInfo(msgspec.Struct, frozen=True):
    name: str
    version: str


class RubricInfo(msgspec.Struct, frozen=True):
    id: str
    version: str


class RoleScores(msgspec.Struct, frozen=True):
    """A dimension's score as each party answered it (None: that party gave no score)."""

    kommune: float | None
    entreprenor: float | None

    def of(self, role: Role) -> float | None:
        """The score of ``role``."""
        return self.kommune if role is Role.kommune else self.entreprenor


class DimensionResult(msgspec.Struct, frozen=True):
    """Score 0–100 (role-balanced), coverage 0–1 and level of one dimension."""

    score: float | None
    level: Level
    coverage: float
    roles: RoleScores


class Acceptance(msgspec.Struct, frozen=True):
    """The parties have accepted a finding until a date; an expired acceptance fails the gate
    again."""

    reason: str
    by: str
    until: dt.date
    expired: bool


class Finding(msgspec.Struct, frozen=True):
    """A problem the answers show: its id, severity and dimension, the evidence for it (every
    answer that contributed), and the escalation that raised it, if one did. The words (title,
    why, action, sources) are the problem's, looked up in the rubric when rendering."""

    id: str
    severity: Severity
    dimension: Dimension
    evidence: list[Evidence]
    accepted: Acceptance | None
    #: which of the problem's grades holds (0: the most severe): it words the title
    grade: int = 0
    escalation: str | None = None

    @property
    def gating(self) -> bool:
        """Whether this finding counts for a gate: not accepted, or accepted but expired."""
        return self.accepted is None or self.accepted.expired


class Priority(msgspec.Struct, frozen=True):
    """One of at most three things to do first: a finding, and who acts on it (the words —
    the action and why in one sentence — are the problem's, added when rendering)."""

    finding: str
    severity: Severity
    dimension: Dimension
    actors: list[Role]
    grade: int = 0
    #: the escalation that raised the finding, if one did (its title and action are used)
    escalation: str | None = None


class Divergence(msgspec.Struct, frozen=True):
    """A question where the parties' medians are 50 or more apart."""

    question: str
    dimension: Dimension
    kommune: float
    entreprenor: float
    gap: float
    kind: DivergenceKind


class SharedWeakness(msgspec.Struct, frozen=True):
    """A question both parties answer weakly (median 25 or less): a shared problem."""

    question: str
    dimension: Dimension
    kommune: float
    entreprenor: float


class RespondentSummary(msgspec.Struct, frozen=True):
    role: Role
    unit: str | None
    name: str | None
    file: str
    line: int
    questions: int
    answered: int
    vet_ikke: int
    ikke_relevant: int
    unanswered: int


class Unanswered(msgspec.Struct, frozen=True):
    """A question a respondent left open or answered «vet ikke»."""

    question: str
    dimension: Dimension
    role: Role
    respondent: str | None
    reason: UnansweredReason


class NotApplicable(msgspec.Struct, frozen=True):
    """A question a respondent answered «ikke relevant», with the reason given (if any)."""

    question: str
    dimension: Dimension
    role: Role
    respondent: str | None
    reason: str | None


class TrendPoint(msgspec.Struct, frozen=True):
    """One assessment of the project on the way: its date, score, level and dimensions."""

    assessed: dt.date | None
    files: list[str]
    score: float | None
    level: Level
    risk: int
    dimensions: dict[Dimension, DimensionResult]


class FindingRef(msgspec.Struct, frozen=True):
    id: str
    severity: Severity
    grade: int = 0
    escalation: str | None = None


class FindingChanges(msgspec.Struct, frozen=True):
    """Findings that are new since the baseline, resolved since it, or still open; and those
    of the still open ones whose severity changed."""

    new: list[FindingRef]
    resolved: list[FindingRef]
    open: list[FindingRef]
    changed: list[SeverityChange] = []


class Baseline(msgspec.Struct, frozen=True):
    """The change since an earlier assessment of the same project (``--baseline``)."""

    files: list[str]
    assessed: dt.date | None
    level: Level
    score: float | None
    dimensions: dict[Dimension, DimensionChange]
    findings: FindingChanges
    divergences: list[DivergenceChange]
    #: the earlier assessment's risk (the findings weighted by severity)
    risk: int


class Assessment(msgspec.Struct, frozen=True):
    """One project's scored result."""

    schema_version: int
    tool: ToolInfo
    rubric: RubricInfo
    project: ProjectInfo
    status: Status
    files: list[str]
    level: Level
    score: float | None
    #: the findings weighted by severity (critical 8, high 4, medium 2, low 1): how the tool
    #: ranks projects from riskiest to healthiest (docs/validity.md)
    risk: int
    coverage: float
    dimensions: dict[Dimension, DimensionResult]
    findings: list[Finding]
    priorities: list[Priority]
    divergences: list[Divergence]
    shared_weaknesses: list[SharedWeakness]
    respondents: list[RespondentSummary]
    unanswered: list[Unanswered]
    not_applicable: list[NotApplicable]
    baseline: Baseline | None = None
    #: every assessment of the project in date order, this one included (with baselines)
    trend: list[TrendPoint] = []
    #: the actions of the tiltaksplan, followed up (with a plan; in the plan's order)
    follow_up: list[ActionFollowUp] = []

    def failing(self, fail_on: FailOn) -> list[Finding]:
        """The findings that fail a gate at ``fail_on``: at that severity or worse, and not
        accepted (or accepted, but expired). The one definition of the gate."""
        return gate(self.findings, fail_on)

    def roles_answered(self) -> set[Role]:
        """The roles with at least one answer (``vet_ikke`` and ``ikke_relevant`` included)."""
        return {r.role for r in self.respondents if r.answered or r.vet_ikke or r.ikke_relevant}


def gate(findings: Sequence[Finding], fail_on: FailOn) -> list[Finding]:
    """The findings among ``findings`` that fail a gate at ``fail_on``."""
    threshold = fail_on.severity
    if threshold is None:
        return []
    return [f for f in findings if f.gating and f.severity.at_least(threshold)]
